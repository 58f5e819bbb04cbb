import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { SendRequest } from "@mcsend/domain/SendRequest"
import { Cause, Effect, Exit, Layer, Option, Schema, TestClock } from "effect"
import { MemoryTransport, ReplayTransport, SmsTransport, TransportError } from "../src/index.js"
import { definitions, failure, type Outcome, outcome } from "./fixtures.js"

const memory = MemoryTransport.layerTest({ definitions })

/** A fresh temporary directory for the test's scope. */
const tempDir = Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped({ prefix: "mcsend-replay-" }))

const recording = (options: ReplayTransport.RecordOptions) =>
  ReplayTransport.layerRecord(options).pipe(Layer.provide(memory))

const readJson = (path: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path)).pipe(Effect.map((t) => JSON.parse(t)))

const writeText = (path: string, text: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.writeFileString(path, text))

const person = (messageKey: string, attributes?: Record<string, string>) => ({
  contactKey: `c-${messageKey}`,
  to: "15555550100",
  messageKey,
  ...(attributes === undefined ? {} : { attributes })
})

const batch: SendRequest = {
  definitionKey: "welcome",
  attributes: { Code: "1234" },
  recipients: [
    { contactKey: "a", to: "15555551234", messageKey: "k1", attributes: { FirstName: "Astro" } },
    { contactKey: "b", to: "12x", messageKey: "k2" },
    { contactKey: "c", to: "15555550000" }
  ]
}

/** A session that touches every outcome: partial failure, generated key, rejection, statuses, not found. */
const session = Effect.gen(function* () {
  const out: Array<Outcome> = []
  out.push(yield* outcome(SmsTransport.send(batch)))
  out.push(yield* outcome(SmsTransport.status("k1")))
  yield* TestClock.adjust("5 seconds")
  out.push(yield* outcome(SmsTransport.status("k1")))
  out.push(yield* outcome(SmsTransport.status("k2")))
  out.push(yield* outcome(SmsTransport.send({ definitionKey: "nope", recipients: [{ contactKey: "a", to: "1" }] })))
  out.push(
    yield* outcome(SmsTransport.send({ definitionKey: "plain", recipient: { contactKey: "d", to: "15555550001" } }))
  )
  out.push(yield* outcome(SmsTransport.send(batch)))
  return out
})

describe("ReplayTransport", () => {
  it.scoped("replays a recording exactly, generated keys and errors included (ordered)", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/session.json`
      const recorded = yield* session.pipe(Effect.provide(recording({ path })))
      const replayed = yield* session.pipe(Effect.provide(ReplayTransport.layerReplay({ path, strict: true })))
      expect(replayed).toEqual(recorded)
      // The session covers what it claims to.
      expect(recorded.map((o) => ("ok" in o ? "ok" : (o.error as { _tag: string })._tag))).toEqual([
        "ok",
        "ok",
        "ok",
        "MessageNotFound",
        "RequestRejected",
        "ok",
        "ok"
      ])
      const first = recorded[0] as { ok: { responses: Array<{ messageKey: string }> } }
      expect(first.ok.responses[2]!.messageKey).toHaveLength(22)
      const file = yield* readJson(path)
      expect(file.version).toBe(1)
      expect(file.interactions).toHaveLength(7)
      expect(file.interactions[4]).toMatchObject({
        operation: "send",
        error: { _tag: "RequestRejected", errorcode: 109111, status: 400 }
      })
      expect(file.interactions[3]).toMatchObject({
        operation: "status",
        request: { messageKey: "k2" },
        error: { _tag: "MessageNotFound", errorcode: 30003 }
      })
      // Pretty, human-readable JSON with a final newline.
      const text = yield* Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path))
      expect(text).toMatch(/^\{\n {2}"version": 1,\n/)
      expect(text.endsWith("}\n")).toBe(true)
      // The file decodes with the exported schema.
      const decoded = Schema.decodeUnknownSync(ReplayTransport.Cassette)(file)
      expect(decoded.interactions).toHaveLength(7)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("unordered mode answers each interaction once, in any order", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/unordered.json`
      const requests: ReadonlyArray<SendRequest> = [
        { definitionKey: "plain", recipients: [{ contactKey: "a", to: "15555550001", messageKey: "x" }] },
        { definitionKey: "plain", recipients: [{ contactKey: "a", to: "15555550001", messageKey: "x" }] },
        { definitionKey: "plain", recipients: [{ contactKey: "b", to: "15555550002", messageKey: "y" }] }
      ]
      const recorded = yield* Effect.forEach(requests, (r) => outcome(SmsTransport.send(r))).pipe(
        Effect.provide(recording({ path }))
      )
      // The same request twice: first queued, then a duplicate.
      expect((recorded[1] as { ok: { errorcode: number } }).ok.errorcode).toBe(109001)
      const replayed = yield* Effect.gen(function* () {
        const y = yield* outcome(SmsTransport.send(requests[2]!))
        const x1 = yield* outcome(SmsTransport.send(requests[0]!))
        const x2 = yield* outcome(SmsTransport.send(requests[1]!))
        const again = yield* failure(SmsTransport.send(requests[0]!))
        return { y, x1, x2, again }
      }).pipe(Effect.provide(ReplayTransport.layerReplay({ path, mode: "unordered", strict: true })))
      expect([replayed.x1, replayed.x2, replayed.y]).toEqual(recorded)
      expect(replayed.again._tag).toBe("ReplayMismatch")
      expect(replayed.again.message).toContain("already played")
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("ordered mode refuses a request out of turn and says which interaction it matches", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/ordered.json`
      yield* Effect.provide(Effect.zip(SmsTransport.send(batch), SmsTransport.status("k1")), recording({ path }))
      const error = yield* failure(SmsTransport.status("k1")).pipe(
        Effect.provide(ReplayTransport.layerReplay({ path }))
      )
      expect(error._tag).toBe("ReplayMismatch")
      expect(error.message).toContain("ordered mode")
      expect(error.message).toContain("nearest: interaction #0 (send)")
      expect(error.message).toContain("recorded a send request, got a status request")
      expect(error.message).toContain("it matches interaction #1, recorded later")
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("a mismatch once everything was played, and with nothing of that operation left", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/exhausted.json`
      yield* Effect.provide(SmsTransport.send(batch), recording({ path }))
      const ordered = yield* Effect.gen(function* () {
        yield* SmsTransport.send(batch)
        return yield* failure(SmsTransport.send(batch))
      }).pipe(Effect.provide(ReplayTransport.layerReplay({ path })))
      expect(ordered.message).toContain("nothing is left to play: every recorded interaction (1) was played")
      const unordered = yield* failure(SmsTransport.status("k1")).pipe(
        Effect.provide(ReplayTransport.layerReplay({ path, mode: "unordered" }))
      )
      expect(unordered.message).toContain("no unplayed status interaction is left")
      expect(unordered).toMatchObject({ _tag: "ReplayMismatch", request: `{"messageKey":"k1"}` })
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("a mismatch shows the nearest recorded request and the JSON paths that differ", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/mismatch.json`
      const other: SendRequest = { definitionKey: "plain", recipients: [{ contactKey: "z", to: "19999999999" }] }
      yield* Effect.provide(Effect.zip(SmsTransport.send(other), SmsTransport.send(batch)), recording({ path }))
      const changed: SendRequest = {
        ...batch,
        attributes: { Code: "1234", Extra: "x" },
        recipients: [{ ...batch.recipients[0]!, to: "15555559999" }, ...batch.recipients.slice(1)]
      }
      const error = yield* failure(SmsTransport.send(changed)).pipe(
        Effect.provide(ReplayTransport.layerReplay({ path, mode: "unordered" }))
      )
      if (error._tag !== "ReplayMismatch") throw new Error(`expected a ReplayMismatch, got ${error._tag}`)
      // The nearest is the batch (two paths differ), not the other request.
      expect(error.nearest).toBe(JSON.stringify(JSON.parse(error.nearest!)))
      expect(JSON.parse(error.nearest!).recipients[0].messageKey).toBe("k1")
      expect(error.difference).toBe(
        [
          `$.attributes.Extra: recorded (absent), got "x"`,
          `$.recipients[0].to: recorded "15555551234", got "15555559999"`
        ].join("\n")
      )
      expect(error.message).toContain("nearest: interaction #1 (send)")
      expect(error.message).toContain(`$.recipients[0].to: recorded "15555551234", got "15555559999"`)
      expect(JSON.parse(error.request).recipients[0].to).toBe("15555559999")
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("matching ignores key order at every level", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/order.json`
      const recorded = yield* Effect.provide(SmsTransport.send(batch), recording({ path }))
      const reordered = {
        recipients: batch.recipients.map((r) => Object.fromEntries(Object.entries(r).reverse())),
        attributes: { Code: "1234" },
        definitionKey: "welcome"
      } as SendRequest
      const replayed = yield* Effect.provide(SmsTransport.send(reordered), ReplayTransport.layerReplay({ path }))
      expect(replayed).toEqual(recorded)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("records transport failures and replays them", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/failure.json`
      const down = new TransportError.TransportFailure({
        reason: "Timeout",
        retryable: true,
        outcomeUnknown: true,
        message: "no answer in 10s",
        httpStatus: 504
      })
      const failing = Layer.succeed(SmsTransport.SmsTransport, {
        send: () => Effect.fail(down),
        status: () => Effect.fail(down)
      })
      const layer = ReplayTransport.layerRecord({ path }).pipe(Layer.provide(failing))
      const recorded = yield* Effect.provide(
        Effect.all([outcome(SmsTransport.send(batch)), outcome(SmsTransport.status("k"))]),
        layer
      )
      const replayed = yield* Effect.provide(
        Effect.all([outcome(SmsTransport.send(batch)), outcome(SmsTransport.status("k"))]),
        ReplayTransport.layerReplay({ path })
      )
      expect(replayed).toEqual(recorded)
      expect(recorded[0]).toEqual({
        error: {
          _tag: "TransportFailure",
          reason: "Timeout",
          retryable: true,
          outcomeUnknown: true,
          message: "no answer in 10s",
          httpStatus: 504
        }
      })
      const error = yield* failure(SmsTransport.send(batch)).pipe(Effect.provide(ReplayTransport.layerReplay({ path })))
      expect(error).toBeInstanceOf(TransportError.TransportFailure)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("defects pass through and are not recorded", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/defect.json`
      const broken = Layer.succeed(SmsTransport.SmsTransport, {
        send: () => Effect.die(new Error("boom")),
        status: () => Effect.die(new Error("boom"))
      })
      const exit = yield* Effect.exit(
        Effect.provide(SmsTransport.send(batch), ReplayTransport.layerRecord({ path }).pipe(Layer.provide(broken)))
      )
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      expect((yield* readJson(path)).interactions).toEqual([])
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  describe("redaction", () => {
    const secret: SendRequest = {
      definitionKey: "welcome",
      attributes: { code: "998877", Plain: "visible" },
      recipients: [
        { contactKey: "a", to: "15555551234", messageKey: "r1", attributes: { FirstName: "Astro", CODE: "112233" } }
      ]
    }
    const single: SendRequest = {
      definitionKey: "welcome",
      recipient: { contactKey: "b", to: "15555551235", messageKey: "r2", attributes: { Password: "hunter2" } }
    }

    it.scoped("masks named attributes in the cassette, any case, request and recipient level", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/redacted.json`
        const responses = yield* Effect.provide(
          Effect.zip(SmsTransport.send(secret), SmsTransport.send(single)),
          recording({ path, redact: ["Code", "password"] })
        )
        const text = yield* Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path))
        for (const value of ["998877", "112233", "hunter2"]) expect(text).not.toContain(value)
        const file = JSON.parse(text)
        expect(file.redacted).toEqual(["Code", "password"])
        expect(file.interactions[0].request.attributes).toEqual({ code: "[REDACTED]", Plain: "visible" })
        expect(file.interactions[0].request.recipients[0].attributes).toEqual({
          FirstName: "Astro",
          CODE: "[REDACTED]"
        })
        expect(file.interactions[1].request.recipient.attributes).toEqual({ Password: "[REDACTED]" })
        // The real transport saw the real values: the message was rendered with the code.
        expect(responses[0].errorcode).toBe(0)

        // Replay masks incoming requests the same way, so any value of a masked attribute matches; the names
        // come from the cassette, so replay needs no `redact` option.
        const replayed = yield* Effect.provide(
          Effect.zip(
            SmsTransport.send({ ...secret, attributes: { code: "000000", Plain: "visible" } }),
            SmsTransport.send(single)
          ),
          ReplayTransport.layerReplay({ path, strict: true })
        )
        expect(replayed).toEqual(responses)
        // An attribute that was not masked still has to match.
        const error = yield* failure(
          SmsTransport.send({ ...secret, attributes: { code: "998877", Plain: "changed" } }).pipe(
            Effect.provide(ReplayTransport.layerReplay({ path }))
          )
        )
        expect(error.message).toContain(`$.attributes.Plain: recorded "visible", got "changed"`)
        expect(error.message).not.toContain("998877")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("replay's own redact option masks more names", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/extra.json`
        yield* writeText(
          path,
          JSON.stringify({
            version: 1,
            interactions: [
              {
                operation: "send",
                request: { definitionKey: "plain", attributes: { Pin: "[REDACTED]" }, recipients: [] },
                error: { _tag: "RequestRejected", errorcode: 109102, message: "MCMS_UTM_Validation_NoSubscribers" }
              }
            ]
          })
        )
        const error = yield* failure(
          SmsTransport.send({ definitionKey: "plain", attributes: { pin: "4321" }, recipients: [] }).pipe(
            Effect.provide(ReplayTransport.layerReplay({ path, redact: ["PIN"] }))
          )
        )
        // A hand-written cassette: the key's case differs, so it does not match...
        expect(error._tag).toBe("ReplayMismatch")
        const rejected = yield* failure(
          SmsTransport.send({ definitionKey: "plain", attributes: { Pin: "4321" }, recipients: [] }).pipe(
            Effect.provide(ReplayTransport.layerReplay({ path, redact: ["PIN"] }))
          )
        )
        // ...while the same name with another value does, and the recorded error comes back.
        expect(rejected).toMatchObject({ _tag: "RequestRejected", errorcode: 109102, status: 400 })
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )
  })

  it.scoped("replay's redact also masks a cassette recorded without it", () =>
    Effect.gen(function* () {
      const path = `${yield* tempDir}/unmasked.json`
      const request = (code: string): SendRequest => ({ ...batch, attributes: { Code: code } })
      const recorded = yield* Effect.provide(SmsTransport.send(request("1111")), recording({ path }))
      const strictly = yield* failure(
        Effect.provide(SmsTransport.send(request("2222")), ReplayTransport.layerReplay({ path }))
      )
      expect(strictly.message).toContain(`$.attributes.Code: recorded "1111", got "2222"`)
      const loosely = yield* Effect.provide(
        SmsTransport.send(request("2222")),
        ReplayTransport.layerReplay({ path, redact: ["code"] })
      )
      expect(loosely).toEqual(recorded)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  describe("corrupt cassettes", () => {
    const load = (path: string) =>
      Effect.flip(Layer.build(ReplayTransport.layerReplay({ path }))).pipe(
        Effect.flatMap((e) => Effect.succeed(e)),
        Effect.scoped
      )

    it.scoped("a missing file", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/none.json`
        const error = yield* load(path)
        expect(error).toMatchObject({ _tag: "CassetteError", reason: "NotFound", path })
        expect(error.message).toContain(path)
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("text that is not JSON, with the line and column", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/bad.json`
        yield* writeText(path, `{\n  "version": 1,\n  "interactions": [,]\n}\n`)
        const error = yield* load(path)
        expect(error).toMatchObject({ _tag: "CassetteError", reason: "InvalidJson", path })
        expect(error.message).toContain(`cassette ${path} is not valid JSON`)
        expect(error.message).toContain("(line 3, column 20)")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("a truncated file", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/cut.json`
        yield* writeText(path, `{ "version": 1, "interactions": [ { "operation": "se`)
        expect((yield* load(path)).reason).toBe("InvalidJson")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("an unknown version", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/v2.json`
        yield* writeText(path, JSON.stringify({ version: 2, interactions: [] }))
        const error = yield* load(path)
        expect(error).toMatchObject({ reason: "UnknownVersion", field: "$.version", path })
        expect(error.message).toBe(`cassette ${path} has version 2 at $.version; this mcsend reads version 1`)
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    const shapes: ReadonlyArray<readonly [string, unknown, string]> = [
      ["no version", { interactions: [] }, "$.version"],
      ["not an object", [1, 2], "$"],
      ["interactions not an array", { version: 1, interactions: {} }, "$.interactions"],
      [
        "a response field of the wrong type",
        {
          version: 1,
          interactions: [
            { operation: "status", request: { messageKey: "k" }, error: { _tag: "MessageNotFound" } },
            {
              operation: "send",
              request: { definitionKey: "d" },
              response: { requestId: "r", errorcode: "0", responses: [] }
            }
          ]
        },
        "$.interactions[0].error.messageKey"
      ],
      [
        "an unknown operation",
        { version: 1, interactions: [{ operation: "delete", request: {}, response: {} }] },
        "$.interactions[0].operation"
      ],
      [
        "both a response and an error",
        {
          version: 1,
          interactions: [
            {
              operation: "status",
              request: { messageKey: "k" },
              response: {
                requestId: "r",
                eventCategoryType: "TransactionalSendEvents.SMSSent",
                timestamp: "t",
                compositeId: "c",
                info: { messageKey: "k", contactKey: "c", to: "1" }
              },
              error: { _tag: "MessageNotFound", messageKey: "k", errorcode: 30003, message: "m" }
            }
          ]
        },
        "$.interactions[0]"
      ],
      ["an unknown field", { version: 1, interactions: [], recordedBy: "someone" }, "$.recordedBy"]
    ]

    it.scoped("the wrong shape: a request nested far too deep (a stack-overflow attempt)", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/deep.json`
        const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`
        yield* writeText(
          path,
          `{"version":1,"interactions":[{"operation":"send","request":{"definitionKey":"d","attributes":${deep}},` +
            `"response":{"requestId":"r","errorcode":0,"responses":[]}}]}`
        )
        const error = yield* load(path)
        expect(error).toMatchObject({ _tag: "CassetteError", reason: "InvalidShape", path })
        expect(error.message).toContain(`cassette ${path} is malformed at $.interactions[0].request`)
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    for (const [name, content, field] of shapes) {
      it.scoped(`the wrong shape: ${name}`, () =>
        Effect.gen(function* () {
          const path = `${yield* tempDir}/shape.json`
          yield* writeText(path, JSON.stringify(content, null, 2))
          const error = yield* load(path)
          expect(error).toMatchObject({ _tag: "CassetteError", reason: "InvalidShape", path, field })
          expect(error.message).toContain(`cassette ${path} is malformed at ${field}`)
        }).pipe(Effect.provide(NodeFileSystem.layer))
      )
    }
  })

  describe("strict", () => {
    const twoStatuses = (path: string) =>
      Effect.provide(
        Effect.zip(outcome(SmsTransport.status("a")), outcome(SmsTransport.status("b"))),
        recording({ path })
      )

    it.scoped("dies with UnusedInteractions when the scope closes with interactions unplayed", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/strict.json`
        yield* twoStatuses(path)
        const exit = yield* Effect.exit(
          Effect.provide(outcome(SmsTransport.status("a")), ReplayTransport.layerReplay({ path, strict: true }))
        )
        if (Exit.isSuccess(exit)) throw new Error("expected the scope to die")
        const defect = Option.getOrThrow(Cause.dieOption(exit.cause))
        expect(defect).toBeInstanceOf(TransportError.CassetteError)
        expect(defect).toMatchObject({ reason: "UnusedInteractions", path })
        expect((defect as TransportError.CassetteError).message).toContain("1 of 2 recorded interactions")
        expect((defect as TransportError.CassetteError).message).toContain("#1 (status)")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("passes when everything was played; is off by default; skipped after a failure", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/strict-ok.json`
        yield* twoStatuses(path)
        const both = Effect.zip(SmsTransport.status("a").pipe(Effect.flip), SmsTransport.status("b").pipe(Effect.flip))
        const played = yield* Effect.exit(Effect.provide(both, ReplayTransport.layerReplay({ path, strict: true })))
        expect(Exit.isSuccess(played)).toBe(true)
        const lax = yield* Effect.exit(
          Effect.provide(Effect.flip(SmsTransport.status("a")), ReplayTransport.layerReplay({ path }))
        )
        expect(Exit.isSuccess(lax)).toBe(true)
        const failed = yield* Effect.exit(
          Effect.provide(Effect.fail("mine" as const), ReplayTransport.layerReplay({ path, strict: true }))
        )
        expect(failed).toEqual(Exit.fail("mine"))
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("the handle's verify is the typed check", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/verify.json`
        yield* twoStatuses(path)
        const result = yield* Effect.gen(function* () {
          const replay = yield* ReplayTransport.ReplayTransport
          yield* Effect.flip(SmsTransport.status("a"))
          const unused = yield* replay.unused
          const error = yield* Effect.flip(replay.verify)
          yield* Effect.flip(SmsTransport.status("b"))
          yield* replay.verify
          return { unused, error }
        }).pipe(Effect.provide(ReplayTransport.layerReplay({ path })))
        expect(result.unused).toEqual([1])
        expect(result.error.reason).toBe("UnusedInteractions")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )
  })

  describe("atomic writes", () => {
    it.scoped("the file is a whole cassette after every interaction, and no temporary file is left", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* tempDir
        const path = `${dir}/nested/deeper/atomic.json`
        const counts = yield* Effect.gen(function* () {
          const seen: Array<number> = []
          seen.push((yield* readJson(path)).interactions.length)
          for (const key of ["a", "b", "c"]) {
            yield* Effect.flip(SmsTransport.status(key))
            const decoded = Schema.decodeUnknownSync(ReplayTransport.Cassette)(yield* readJson(path))
            seen.push(decoded.interactions.length)
          }
          return seen
        }).pipe(Effect.provide(recording({ path })))
        expect(counts).toEqual([0, 1, 2, 3])
        expect(yield* fs.readDirectory(`${dir}/nested/deeper`)).toEqual(["atomic.json"])
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("a recording replaces a cassette already there, whole", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* tempDir
        const path = `${dir}/old.json`
        const old = {
          version: 1,
          interactions: Array.from({ length: 50 }, (_, i) => ({
            operation: "status",
            request: { messageKey: `old-${i}` },
            error: { _tag: "MessageNotFound", messageKey: `old-${i}`, errorcode: 30003, message: "x".repeat(200) }
          }))
        }
        yield* writeText(path, JSON.stringify(old, null, 2))
        yield* Effect.provide(Effect.flip(SmsTransport.status("new")), recording({ path }))
        const file = yield* readJson(path)
        expect(file.interactions).toHaveLength(1)
        expect(file.interactions[0].request).toEqual({ messageKey: "new" })
        expect(yield* fs.readDirectory(dir)).toEqual(["old.json"])
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("append keeps the cassette already there, masks it with every name, and refuses a corrupt one", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* tempDir
        const path = `${dir}/append.json`
        const first: SendRequest = {
          definitionKey: "welcome",
          attributes: { Code: "1111" },
          recipients: [person("ap1", { FirstName: "Astro" })]
        }
        const second: SendRequest = { ...first, recipients: [person("ap2", { FirstName: "Nova" })] }
        const one = yield* Effect.provide(SmsTransport.send(first), recording({ path, redact: ["Code"], append: true }))
        const two = yield* Effect.provide(
          SmsTransport.send(second),
          recording({ path, redact: ["firstname"], append: true })
        )
        const file = yield* readJson(path)
        expect(file.redacted).toEqual(["Code", "firstname"])
        expect(file.interactions.map((i: { request: unknown }) => i.request)).toEqual([
          { ...first, attributes: { Code: "[REDACTED]" }, recipients: [person("ap1", { FirstName: "[REDACTED]" })] },
          { ...second, attributes: { Code: "[REDACTED]" }, recipients: [person("ap2", { FirstName: "[REDACTED]" })] }
        ])
        const replayed = yield* Effect.provide(
          Effect.zip(SmsTransport.send(first), SmsTransport.send(second)),
          ReplayTransport.layerReplay({ path, strict: true })
        )
        expect(replayed).toEqual([one, two])

        yield* writeText(path, "{ not json")
        const error = yield* Effect.flip(Effect.provide(SmsTransport.status("x"), recording({ path, append: true })))
        expect(error).toMatchObject({ _tag: "CassetteError", reason: "InvalidJson" })
        expect(yield* fs.readFileString(path)).toBe("{ not json")
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("a write that fails is a WriteFailed error and leaves no temporary file", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* tempDir
        // A directory where the cassette should go: the rename over it fails after the temporary file was written.
        const path = `${dir}/taken`
        yield* fs.makeDirectory(path)
        const error = yield* Effect.flip(Effect.provide(SmsTransport.status("x"), recording({ path })))
        expect(error).toMatchObject({ _tag: "CassetteError", reason: "WriteFailed", path })
        expect(error.message).toContain(`cassette ${path} cannot be written`)
        expect(yield* fs.readDirectory(dir)).toEqual(["taken"])
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("concurrent sends are all recorded", () =>
      Effect.gen(function* () {
        const path = `${yield* tempDir}/concurrent.json`
        const keys = Array.from({ length: 20 }, (_, i) => `c${i}`)
        const recorded = yield* Effect.forEach(
          keys,
          (key) =>
            SmsTransport.send({
              definitionKey: "plain",
              recipients: [{ contactKey: key, to: "1555", messageKey: key }]
            }),
          { concurrency: "unbounded" }
        ).pipe(Effect.provide(recording({ path })))
        expect((yield* readJson(path)).interactions).toHaveLength(20)
        const replayed = yield* Effect.forEach(
          keys,
          (key) =>
            SmsTransport.send({
              definitionKey: "plain",
              recipients: [{ contactKey: key, to: "1555", messageKey: key }]
            }),
          { concurrency: "unbounded" }
        ).pipe(Effect.provide(ReplayTransport.layerReplay({ path, mode: "unordered", strict: true })))
        expect(replayed).toEqual(recorded)
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )
  })
})
