//===- helperlink/Diagnostics.h - How errors about a file read --*- C++ -*-===//
//
// Every error about a file is a FileError, which a front door prints as
// "helperlink: error: <file>: <what>" (errorLines, helperlink/Pipeline.h).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_DIAGNOSTICS_H
#define HELPERLINK_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace helperlink {

inline llvm::Error fileError(const llvm::Twine &Path, const llvm::Twine &Msg) {
  return llvm::createFileError(Path, llvm::createStringError(llvm::inconvertibleErrorCode(), Msg));
}

} // namespace helperlink

#endif
