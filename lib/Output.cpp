//===- Output.cpp - Atomic output files -----------------------------------===//

#include "helperlink/Output.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperlink {

static Error fileError(StringRef Path, const Twine &Msg) {
  return createFileError(Path, createStringError(inconvertibleErrorCode(), Msg));
}

Error writeAtomically(StringRef Path,
                      function_ref<Error(raw_pwrite_stream &)> Write) {
  if (Path == "-") {
    // Buffered so that a failure prints nothing rather than half a file.
    SmallString<0> Buffer;
    raw_svector_ostream OS(Buffer);
    if (Error E = Write(OS))
      return E;
    outs() << Buffer;
    outs().flush();
    return Error::success();
  }

  Expected<sys::fs::TempFile> Temp =
      sys::fs::TempFile::create(Path + ".tmp-%%%%%%%%");
  if (!Temp)
    return fileError(Path, "cannot create output: " + toString(Temp.takeError()));
  std::string IOError;
  // The stream is gone before discard() closes the descriptor under it.
  Error WriteError = [&] {
    raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    Error E = Write(OS);
    OS.flush();
    if (OS.has_error()) {
      IOError = OS.error().message();
      OS.clear_error();
    }
    return E;
  }();
  if (WriteError || !IOError.empty()) {
    consumeError(Temp->discard());
    if (WriteError)
      return WriteError;
    return fileError(Path, "cannot write output: " + IOError);
  }
  if (Error E = Temp->keep(Path)) {
    std::string Msg = toString(std::move(E));
    return fileError(Path, "cannot write output: " + Msg);
  }
  return Error::success();
}

} // namespace helperlink
