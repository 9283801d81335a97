//===- Subprocess.h - Running the build's own tools -------------*- C++ -*-===//

#ifndef HELPERLINK_LIB_SUBPROCESS_H
#define HELPERLINK_LIB_SUBPROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace helperlink {

/// Runs \p Program (found on PATH) with \p Args; what it printed on stdout.
llvm::Expected<std::string> captureOutput(llvm::StringRef Program,
                                          llvm::ArrayRef<llvm::StringRef> Args);

} // namespace helperlink

#endif
