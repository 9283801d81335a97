//===- HelperlinkFuzzer.cpp - libFuzzer target over helperlink's stages ---===//
//
// Input: a 4-byte little-endian length N, then N bytes of crate (bitcode or
// textual IR), then the helpers. Both go through the stages the tool runs:
// read, check, link, decide and inline, re-optimize, emit an object to
// memory. Any error is fine; a crash, hang or sanitizer report is a finding.
// Crashes inside LLVM's own bitcode reader are findings too: the tool runs
// that reader under a recovery context, and test/fuzz/triage checks that the
// tool turns each such input into one error line.
//
//===----------------------------------------------------------------------===//

#include "helperlink/Codegen.h"
#include "helperlink/Compat.h"
#include "helperlink/Inline.h"
#include "helperlink/Inputs.h"
#include "helperlink/Link.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdint>
#include <cstring>

using namespace llvm;
using namespace helperlink;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
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
  StringRef HelperBytes(reinterpret_cast<const char *>(Data) + CrateSize,
                        Size - CrateSize);

  LLVMContext Ctx;
  Ctx.setDiagnosticHandlerCallBack([](const DiagnosticInfo *, void *) {});
  Expected<InputFile> Crate = readInputBuffer(
      MemoryBuffer::getMemBufferCopy(CrateBytes, "crate"), InputRole::Crate, Ctx, true);
  if (!Crate) {
    consumeError(Crate.takeError());
    return 0;
  }
  std::vector<InputFile> Helpers;
  Expected<InputFile> H = readInputBuffer(
      MemoryBuffer::getMemBufferCopy(HelperBytes, "helpers"), InputRole::Helpers, Ctx, true);
  if (!H) {
    consumeError(H.takeError());
    return 0;
  }
  Helpers.push_back(std::move(*H));

  Expected<CompatFindings> Findings = checkCompatibility(*Crate, Helpers);
  if (!Findings) {
    consumeError(Findings.takeError());
    return 0;
  }
  TargetSettings Settings = crateTargetSettings(*Crate->M, {});
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Settings);
  if (!TM) {
    consumeError(TM.takeError());
    return 0;
  }
  Crate->M->setDataLayout((*TM)->createDataLayout());
  for (const InputFile *In : {&*Crate, &Helpers.front()})
    if (Error E = checkFunctionTargets(*In, (*TM)->getTarget(), (*TM)->getTargetTriple())) {
      consumeError(std::move(E));
      return 0;
    }
  Expected<LinkResult> Linked = linkHelpers(*Crate->M, std::move(Helpers), {});
  if (!Linked) {
    consumeError(Linked.takeError());
    return 0;
  }
  InlineSummary Summary = inlineHelperCalls(*Crate->M, *Linked, TM->get());
  if (verifyModule(*Crate->M))
    return 0; // the tool refuses to emit an invalid module, and so do we
  reoptimize(*Crate->M, **TM, ReoptScope::Touched, Summary.Touched);
  SmallString<0> Object;
  raw_svector_ostream OS(Object);
  consumeError(emit(*Crate->M, **TM, EmitKind::Object, OS));
  return 0;
}
