import { Suite } from "@mcsend/conformance"

// The reference transport, with a small recipient limit so batches near it stay cheap.
const settings = { maxRecipients: 25 }

Suite.run("MemoryTransport conformance", {
  layer: Suite.memoryLayer({ settings }),
  driver: Suite.memoryDriver({ settings })
})
