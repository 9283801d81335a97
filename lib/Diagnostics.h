//===- Diagnostics.h - How the library words its errors ---------*- C++ -*-===//
//
// Private to lib/: every error about a file is a FileError, which the tool
// prints as "helperlink: error: <file>: <what>".
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_LIB_DIAGNOSTICS_H
#define HELPERLINK_LIB_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace helperlink {

inline llvm::Error fileError(const llvm::Twine &Path, const llvm::Twine &Msg) {
  return llvm::createFileError(
      Path, llvm::createStringError(llvm::inconvertibleErrorCode(), Msg));
}

} // namespace helperlink

#endif
