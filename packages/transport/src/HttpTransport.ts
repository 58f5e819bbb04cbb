/**
 * The real Marketing Cloud API over `@effect/platform`'s HttpClient. (Being written: see issue 4.)
 *
 * @since 0.1.0
 */
export {}
