//===- PluginSupport.cpp - Finding and vetting the rustc plugin -----------===//

#include "helperlink/Plugin.h"

#include "Diagnostics.h"
#include "Subprocess.h"

#include "helperlink/Compat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace helperlink {

Expected<std::string> pluginPath() {
  std::string Exe = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&pluginPath));
  // bin/helperlink beside lib/helperlink-rustc.so, in the build tree and
  // once installed.
  SmallString<256> Path(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(Path, "lib", "helperlink-rustc.so");
  if (!sys::fs::exists(Path))
    return fileError(Path, "no rustc plugin here: it is built only where rustc's LLVM is a "
                           "shared library of LLVM " +
                               Twine(LLVM_VERSION_MAJOR) +
                               " (see 'helperlink check-compat')");
  return std::string(Path);
}

PluginSupport pluginSupportFor(StringRef Rustc) {
  PluginSupport S;
  Expected<std::string> Path = pluginPath();
  if (!Path) {
    S.Reason = toString(Path.takeError());
    return S;
  }
  S.Path = *Path;
  ToolVersion V = probeRustc(Rustc);
  std::optional<unsigned> Major = majorOf(V.LLVMVersion);
  if (!Major) {
    S.Reason = "cannot read rustc's LLVM version: " + V.Problem;
    return S;
  }
  if (*Major != LLVM_VERSION_MAJOR) {
    S.Reason = "rustc uses LLVM " + V.LLVMVersion + "; the plugin is built for LLVM " +
               std::to_string(LLVM_VERSION_MAJOR);
    return S;
  }
  Expected<std::string> Sysroot = captureOutput(Rustc, {"--print", "sysroot"});
  if (!Sysroot) {
    S.Reason = "cannot ask rustc for its sysroot: " + toString(Sysroot.takeError());
    return S;
  }
  // The real rustc (PATH may hold rustup's proxy) and the libraries the
  // loader gives it: rustup's links librustc_driver, which links LLVM;
  // Debian's links both.
  SmallString<256> Exe(StringRef(*Sysroot).trim());
  sys::path::append(Exe, "bin", "rustc");
  Expected<std::string> Libraries = captureOutput("ldd", {Exe});
  if (!Libraries) {
    S.Reason = "cannot list the libraries of " + Exe.str().str() + ": " +
               toString(Libraries.takeError());
    return S;
  }
  SmallVector<StringRef, 32> Lines;
  StringRef(*Libraries).split(Lines, '\n');
  for (StringRef Line : Lines) {
    StringRef Lib = Line.trim().split(' ').first;
    if (Lib.starts_with("libLLVM")) {
      S.Usable = true;
      S.Reason = "rustc loads LLVM " + V.LLVMVersion + " from " + Lib.str();
      return S;
    }
  }
  S.Reason = "rustc links LLVM statically (" + Exe.str().str() +
             " loads no libLLVM): a plugin cannot share its LLVM";
  return S;
}

} // namespace helperlink
