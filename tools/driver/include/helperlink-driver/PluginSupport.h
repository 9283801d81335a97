//===- helperlink-driver/PluginSupport.h - Finding the plugin ---*- C++ -*-===//
//
// The plugin (helperlink-rustc.so) runs the pipeline inside rustc's own
// LLVM. It can only be loaded by a rustc whose LLVM is a shared library of
// helperlink's major; these say where it is and whether a rustc can use it.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_DRIVER_PLUGINSUPPORT_H
#define HELPERLINK_DRIVER_PLUGINSUPPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace helperlink {

/// The installed or built plugin beside this program, or why there is none.
llvm::Expected<std::string> pluginPath();

struct PluginSupport {
  bool Usable = false;
  /// Why (not), in one line.
  std::string Reason;
  std::string Path;
};

/// Whether \p Rustc can load the plugin: it exists, and rustc's LLVM is a
/// shared library of helperlink's major. That takes three programs (rustc
/// twice, ldd); with \p Cached, the answer is kept in helperlink's cache
/// directory ($XDG_CACHE_HOME/helperlink, else ~/.cache/helperlink) and
/// reused while the rustc binary, the plugin and, for rustup's proxy, what
/// picks the toolchain (RUSTUP_TOOLCHAIN, \p Toolchain ("+nightly"),
/// rustup's settings, rust-toolchain files above the working directory)
/// are the same files as when it was asked.
PluginSupport pluginSupportFor(llvm::StringRef Rustc, bool Cached = false,
                               llvm::StringRef Toolchain = "");

} // namespace helperlink

#endif
