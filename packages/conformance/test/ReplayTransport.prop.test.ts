import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Suite } from "@mcsend/conformance"
import { ReplayTransport } from "@mcsend/transport"
import { Layer } from "effect"

// Property 8 over the reference transport: record any sequence of commands against MemoryTransport, then replay the
// cassette (a real file in the OS temp dir) without it.
const settings = { maxRecipients: 25 }

Suite.run("ReplayTransport conformance", {
  layer: Suite.memoryLayer({ settings }),
  driver: Suite.memoryDriver({ settings }),
  only: ["replay"],
  replay: {
    record: (path) => ReplayTransport.layerRecord({ path }).pipe(Layer.provide(NodeFileSystem.layer)),
    replay: (path) => ReplayTransport.layerReplay({ path, strict: true }).pipe(Layer.provide(NodeFileSystem.layer))
  }
})
