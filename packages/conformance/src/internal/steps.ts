/**
 * Steps a property drives a transport with (send, move the clock, inbound text, read a status, define or
 * (de)activate a definition), each judged against the model as it runs.
 */
import type { Route } from "@mcsend/domain/SendRequest"
import * as SmsTransport from "@mcsend/transport/SmsTransport"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as TestServices from "effect/TestServices"
import * as Model from "../Model.js"
import type { Driver } from "../Suite.js"
import { check, fail, judgeSend, judgeStatus, portRoute, send, status } from "./harness.js"

export type Step =
  | { readonly _tag: "Send"; readonly bu: number; readonly body: unknown }
  | { readonly _tag: "Advance"; readonly millis: number }
  /** Sends a valid recipient with a key this business unit answered before (`back` 0: the latest). */
  | { readonly _tag: "Resend"; readonly bu: number; readonly back: number; readonly to: string }
  /**
   * Moves the clock to `offset` ms from the end of the window of the most recently queued key (if that is ahead),
   * and sends that key again in its business unit.
   */
  | { readonly _tag: "ResendAtWindowEdge"; readonly offset: number; readonly to: string }
  /** Moves the clock to `offset` ms from the end of the window of the most recently queued key (if that is ahead). */
  | { readonly _tag: "AdvanceToWindowEdge"; readonly offset: number }
  | { readonly _tag: "Inbound"; readonly bu: number; readonly from: string; readonly text: string }
  | { readonly _tag: "Status"; readonly bu: number; readonly key: string | number }
  | { readonly _tag: "StatusAll"; readonly bu: number }
  | {
      readonly _tag: "Define"
      readonly bu: number
      readonly key: string
      readonly message: string
      readonly active: boolean
    }
  | { readonly _tag: "SetActive"; readonly bu: number; readonly key: string; readonly active: boolean }

/** Everything one run shares: the model, the ports of its business units and the keys seen so far. */
export interface World<R> {
  readonly model: Model.Model
  readonly driver: Driver<R>
  readonly units: ReadonlyArray<{ readonly name: string; readonly transport: SmsTransport.Service }>
  /** Keys the transport answered (supplied or generated), per business unit index. */
  readonly known: Array<Array<string>>
  /** The transport's clock when the model's was 0, when timestamps are checked. */
  readonly origin: number | undefined
}

/**
 * Opens a world: the default business unit (and a second when the driver can reach one), the base definitions in
 * each.
 */
export const open = <R>(
  driver: Driver<R>,
  settings: Model.Settings,
  options: { readonly businessUnits: 1 | 2; readonly definitions: ReadonlyArray<BaseDefinition> }
): Effect.Effect<World<R>, unknown, SmsTransport.SmsTransport | R> =>
  Effect.gen(function* () {
    const model = new Model.Model(settings)
    const main = yield* SmsTransport.SmsTransport
    const units = [{ name: driver.businessUnit, transport: main }]
    if (options.businessUnits === 2 && driver.otherBusinessUnit !== undefined) {
      const other = driver.otherBusinessUnit
      units.push({ name: other.name, transport: yield* other.transport })
    }
    for (const unit of units) {
      for (const d of options.definitions) {
        yield* driver.define({ definitionKey: d.key, message: d.message, active: d.active }, unit.name)
        model.define(unit.name, d.key, d.message, d.active)
      }
    }
    const origin = driver.checkTimestamps === false ? undefined : yield* Clock.currentTimeMillis
    return { model, driver, units, known: units.map(() => []), origin }
  })

export interface BaseDefinition {
  readonly key: string
  readonly message: string
  readonly active: boolean
}

/** The definitions every run starts with. */
export const baseDefinitions: ReadonlyArray<BaseDefinition> = [
  { key: "conformance", message: "Hi %%FirstName%%, your code is %%Code%%", active: true },
  { key: "conformance-long", message: "Long ".repeat(400), active: true },
  { key: "conformance-paused", message: "Paused %%FirstName%%", active: false }
]

const unitOf = <R>(world: World<R>, bu: number) => {
  const i = bu % world.units.length
  return { index: i, ...world.units[i]! }
}

const remember = (list: Array<string>, keys: ReadonlyArray<string>) => {
  for (const k of keys) if (!list.includes(k)) list.push(k)
}

/** Runs one step against the transport and the model, and judges the answer. */
export const execute = <R>(
  world: World<R>,
  step: Step
): Effect.Effect<void, unknown, R | TestServices.TestServices> => {
  const { model, driver } = world
  switch (step._tag) {
    case "Send": {
      const unit = unitOf(world, step.bu)
      const route: Route = portRoute(step.body)
      return Effect.gen(function* () {
        const expected = model.expect(unit.name, step.body, route)
        const outcome = yield* send(unit.transport, step.body)
        const keys = judgeSend(expected, outcome, { businessUnit: unit.name, at: model.now, request: step.body })
        if (keys !== undefined) {
          model.commit(unit.name, expected, keys)
          remember(world.known[unit.index]!, keys)
        }
      })
    }
    case "Advance":
      return Effect.suspend(() => {
        model.advance(step.millis)
        return driver.adjustClock(step.millis)
      })
    case "Resend": {
      const unit = unitOf(world, step.bu)
      const known = world.known[unit.index]!
      const key = known[known.length - 1 - (step.back % Math.max(1, known.length))]
      if (key === undefined) return Effect.void
      return execute(world, {
        _tag: "Send",
        bu: step.bu,
        body: { definitionKey: "conformance", recipients: [{ to: step.to, contactKey: "again", messageKey: key }] }
      })
    }
    case "ResendAtWindowEdge": {
      let latest: { readonly bu: number; readonly key: string; readonly at: number } | undefined
      world.units.forEach((unit, bu) => {
        for (const [key, at] of model.unit(unit.name).queuedAt) {
          if (latest === undefined || at > latest.at) latest = { bu, key, at }
        }
      })
      if (latest === undefined) return Effect.void
      const { bu, key, at } = latest
      const millis = at + model.settings.window + step.offset - model.now
      if (millis < 0) return Effect.void
      return Effect.zipRight(
        execute(world, { _tag: "Advance", millis }),
        execute(world, {
          _tag: "Send",
          bu,
          body: { definitionKey: "conformance", recipients: [{ to: step.to, contactKey: "edge", messageKey: key }] }
        })
      )
    }
    case "AdvanceToWindowEdge": {
      let latest: number | undefined
      for (const unit of world.units) {
        for (const at of model.unit(unit.name).queuedAt.values()) if (latest === undefined || at > latest) latest = at
      }
      if (latest === undefined) return Effect.void
      const millis = latest + model.settings.window + step.offset - model.now
      return millis > 0 ? execute(world, { _tag: "Advance", millis }) : Effect.void
    }
    case "Inbound": {
      const unit = unitOf(world, step.bu)
      return Effect.suspend(() => {
        model.inbound(unit.name, step.from, step.text)
        return driver.inbound(step.from, step.text, unit.name)
      })
    }
    case "Status": {
      const unit = unitOf(world, step.bu)
      const known = world.known[unit.index]!
      const key = typeof step.key === "string" ? step.key : known[step.key % Math.max(1, known.length)]
      if (key === undefined) return Effect.void
      return checkStatus(world, unit.index, key)
    }
    case "StatusAll": {
      const unit = unitOf(world, step.bu)
      return Effect.forEach(world.known[unit.index]!, (key) => checkStatus(world, unit.index, key), {
        discard: true
      })
    }
    case "Define": {
      const unit = unitOf(world, step.bu)
      if (model.unit(unit.name).definitions.has(step.key)) return Effect.void
      return Effect.suspend(() => {
        model.define(unit.name, step.key, step.message, step.active)
        return driver.define({ definitionKey: step.key, message: step.message, active: step.active }, unit.name)
      })
    }
    case "SetActive": {
      const unit = unitOf(world, step.bu)
      if (!model.unit(unit.name).definitions.has(step.key)) return Effect.void
      return Effect.suspend(() => {
        model.setActive(unit.name, step.key, step.active)
        return driver.setDefinitionActive(step.key, step.active, unit.name)
      })
    }
  }
}

const checkStatus = <R>(world: World<R>, index: number, key: string): Effect.Effect<void, unknown, R> => {
  const unit = world.units[index]!
  return Effect.gen(function* () {
    const outcome = yield* status(unit.transport, key)
    judgeStatus(world.model.status(unit.name, key), outcome, key, world.origin)
    const rendered = world.driver.renderedText
    const message = world.model.message(unit.name, key)
    if (rendered !== undefined && message !== undefined && outcome._tag === "Found") {
      const text = yield* rendered(key, unit.name)
      if (Option.isNone(text)) fail("content", `the driver has no rendered text for queued ${JSON.stringify(key)}`)
      else {
        check(
          text.value === message.text,
          "content: overrides and %%substitution%%",
          () =>
            `${JSON.stringify(key)} rendered ${JSON.stringify(text.value)}, expected ${JSON.stringify(message.text)}`
        )
      }
    }
  })
}

/** Runs steps in order. */
export const executeAll = <R>(
  world: World<R>,
  steps: ReadonlyArray<Step>
): Effect.Effect<void, unknown, R | TestServices.TestServices> =>
  Effect.forEach(steps, (step) => execute(world, step), { discard: true })
