//===- helperlink-driver/RustcWrapper.h - helperlink rustc ------*- C++ -*-===//
//
// Wrapper mode: run the build's own rustc command with its object output
// turned into bitcode, then make that object with the helpers inlined. Every
// other output (dep-info, metadata, ...) and rustc's diagnostics and exit
// status pass through.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_DRIVER_RUSTCWRAPPER_H
#define HELPERLINK_DRIVER_RUSTCWRAPPER_H

#include "helperlink/Config.h"
#include "helperlink/Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace helperlink {

struct RustcInvocation {
  /// The rewritten command; Args[0] is the rustc program.
  std::vector<std::string> Args;
  /// Where the original command wrote its object.
  std::string ObjectPath;
  /// Where the rewritten command writes bitcode instead.
  std::string BitcodePath;
  /// The dep-info file the command writes, when it names one.
  std::optional<std::string> DepInfoPath;
  /// -Z function-sections=..., when the command sets it.
  std::optional<bool> FunctionSections;
};

/// Rewrites \p Command (rustc and its arguments) so that the object it would
/// emit (--emit=obj=PATH, --emit obj=PATH, or --emit=obj with -o PATH) is
/// emitted as LLVM bitcode at \p BitcodePathFor(object path) instead.
llvm::Expected<RustcInvocation>
rewriteRustcCommand(llvm::ArrayRef<std::string> Command,
                    llvm::function_ref<std::string(llvm::StringRef)> BitcodePathFor);

/// rustc's dep-info names the files it wrote; make it name the object the
/// build asked for rather than the temporary bitcode.
llvm::Error fixDepInfo(llvm::StringRef DepInfoPath, llvm::StringRef BitcodePath,
                       llvm::StringRef ObjectPath);

/// helperlink rustc [options] -- <rustc command>: runs the command so that
/// every object it writes has the helpers inlined. Returns rustc's own exit
/// status when rustc fails (it has said why), 0 on success, and an error
/// when helperlink refuses or fails. Fills \p R as runPostStep does.
/// \p InitializeTargets is called before the post-step, which needs LLVM's
/// targets; the plugin mode, rustc's own, does not (a wrapper starts once
/// per crate, and registering every target costs it time). Without a
/// report to gather, the plugin mode replaces this process with rustc.
llvm::Expected<int> runRustcWrapper(const Config &Cfg, llvm::ArrayRef<std::string> Command,
                                    Report &R, llvm::function_ref<void()> InitializeTargets = {});

} // namespace helperlink

#endif
