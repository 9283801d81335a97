//===- HelperlinkFuzzer.cpp - libFuzzer target over helperlink's stages ---===//
//
// Input: a 4-byte little-endian length N, then N bytes of crate (bitcode or
// textual IR), then the helpers. Both go through the tool's own entry point,
// runPostStep: read, check, link, decide and inline, re-optimize, emit.
// Any error is fine; a crash, hang or sanitizer report is a finding.
// Crashes inside LLVM's own bitcode reader are findings too: the tool runs
// that reader under a recovery context, and test/fuzz/triage checks that the
// tool turns each such input into one error line.
//
//===----------------------------------------------------------------------===//

#include "helperlink/Config.h"
#include "helperlink/Pipeline.h"

#include "llvm/Support/TargetSelect.h"

#include <cstdint>
#include <cstring>

using namespace llvm;
using namespace helperlink;

// What the tool initializes (tools/helperlink/main.cpp): without the asm
// parsers, an object with inline asm stopped the fuzzer with "Inline asm not
// supported by this streamer", a path the tool never takes.
extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  InitializeAllAsmParsers();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 4)
    return 0;
  uint32_t CrateSize;
  std::memcpy(&CrateSize, Data, 4);
  Data += 4;
  Size -= 4;
  CrateSize = Size ? CrateSize % (Size + 1) : 0;
  StringRef CrateBytes(reinterpret_cast<const char *>(Data), CrateSize);
  StringRef HelperBytes(reinterpret_cast<const char *>(Data) + CrateSize, Size - CrateSize);

  // The tool's own entry point, with the inputs in memory and the object
  // emitted to a device written in place.
  Config Cfg;
  Cfg.CrateFile = "crate";
  Cfg.HelperFiles = {"helpers"};
  Cfg.InMemoryInputs = {{"crate", CrateBytes}, {"helpers", HelperBytes}};
  Cfg.OutputFile = "/dev/null";
  Report R;
  consumeError(runPostStep(Cfg, R));
  return 0;
}
