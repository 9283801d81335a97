//===- ToolProbes.cpp - Asking rustc and clang ----------------------------===//

#include "helperlink-driver/ToolProbes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace helperlink {

Expected<std::string> captureOutput(StringRef Program, ArrayRef<StringRef> Args) {
  ErrorOr<std::string> Found = sys::findProgramByName(Program);
  if (!Found || !sys::fs::can_execute(*Found))
    return createStringError(inconvertibleErrorCode(), "not found");
  SmallString<128> OutPath;
  if (std::error_code EC = sys::fs::createTemporaryFile("helperlink-probe", "txt", OutPath))
    return createStringError(EC, "cannot create a temporary file");
  FileRemover Remover(OutPath);
  SmallVector<StringRef, 4> Argv{*Found};
  Argv.append(Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutPath), StringRef("")};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(*Found, Argv, std::nullopt, Redirects,
                               /*SecondsToWait=*/60, 0, &ErrMsg);
  if (RC != 0)
    return createStringError(inconvertibleErrorCode(),
                             ErrMsg.empty() ? "exited with " + std::to_string(RC) : ErrMsg);
  auto Buf = MemoryBuffer::getFile(OutPath);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read its output");
  return (*Buf)->getBuffer().str();
}

static ToolVersion probe(StringRef Program, ArrayRef<StringRef> Args, StringRef Marker) {
  ToolVersion V;
  ErrorOr<std::string> Found = sys::findProgramByName(Program);
  V.Path = Found ? *Found : Program.str();
  Expected<std::string> Out = captureOutput(Program, Args);
  if (!Out) {
    V.Problem = toString(Out.takeError());
    return V;
  }
  StringRef Text = *Out;
  size_t At = Text.find(Marker);
  if (At == StringRef::npos) {
    V.Problem = ("no '" + Marker + "' in its version output").str();
    return V;
  }
  V.LLVMVersion = Text.substr(At + Marker.size())
                      .take_while([](char C) { return isDigit(C) || C == '.'; })
                      .str();
  if (V.LLVMVersion.empty())
    V.Problem = "unreadable version";
  return V;
}

ToolVersion probeRustc(StringRef Rustc) { return probe(Rustc, {"-vV"}, "LLVM version: "); }

ToolVersion probeClang(StringRef Clang) { return probe(Clang, {"--version"}, "clang version "); }

} // namespace helperlink
