/**
 * Record any transport to a cassette, and answer from one. (Being written: see issue 3.)
 *
 * @since 0.1.0
 */
export {}
