//===- helperlink-driver/ToolProbes.h - Asking rustc and clang --*- C++ -*-===//
//
// check-compat's probes: the LLVM versions behind rustc and a C compiler,
// read by running them.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_DRIVER_TOOLPROBES_H
#define HELPERLINK_DRIVER_TOOLPROBES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace helperlink {

struct ToolVersion {
  std::string Path;
  std::string LLVMVersion; // "22.1.2"; empty when it could not be read
  std::string Problem;     // why it could not be read
};

ToolVersion probeRustc(llvm::StringRef Rustc);
ToolVersion probeClang(llvm::StringRef Clang);

/// Runs \p Program (found on PATH) with \p Args; what it printed on stdout.
llvm::Expected<std::string> captureOutput(llvm::StringRef Program,
                                          llvm::ArrayRef<llvm::StringRef> Args);

} // namespace helperlink

#endif
