//===- PluginSupport.cpp - Finding and vetting the rustc plugin -----------===//

#include "helperlink-driver/PluginSupport.h"

#include "helperlink-driver/ToolProbes.h"

#include "helperlink/Diagnostics.h"
#include "helperlink/Inputs.h"
#include "helperlink/Output.h"
#include "helperlink/Version.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

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
                               Twine(LLVM_VERSION_MAJOR) + " (see 'helperlink check-compat')");
  return std::string(Path);
}

/// Probes \p Rustc; RealRustc is set to the rustc binary behind it.
static PluginSupport probePluginSupport(StringRef Rustc, std::string &RealRustc) {
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
  RealRustc = std::string(Exe);
  Expected<std::string> Libraries = captureOutput("ldd", {Exe});
  if (!Libraries) {
    S.Reason =
        "cannot list the libraries of " + Exe.str().str() + ": " + toString(Libraries.takeError());
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

/// "PATH size mtime inode" of \p Path (following links), or "PATH -".
static std::string identity(StringRef Path) {
  sys::fs::file_status St;
  if (sys::fs::status(Path, St))
    return Path.str() + " -";
  return Path.str() + " " + std::to_string(St.getSize()) + " " +
         std::to_string(St.getLastModificationTime().time_since_epoch().count()) + " " +
         std::to_string(St.getUniqueID().getFile());
}

/// What decides which rustc a rustup proxy runs, beyond its arguments.
static std::string rustupSelection() {
  std::string Text;
  for (const char *Var : {"RUSTUP_TOOLCHAIN", "RUSTUP_HOME"})
    Text += std::string(Var) + "=" + sys::Process::GetEnv(Var).value_or("-") + "\n";
  SmallString<256> Settings;
  if (std::optional<std::string> Home = sys::Process::GetEnv("RUSTUP_HOME"))
    Settings = *Home;
  else if (sys::path::home_directory(Settings))
    sys::path::append(Settings, ".rustup");
  sys::path::append(Settings, "settings.toml");
  Text += identity(Settings) + "\n";
  // Toolchain files, from the working directory up.
  SmallString<256> Dir;
  if (!sys::fs::current_path(Dir))
    for (StringRef D = Dir; !D.empty(); D = sys::path::parent_path(D)) {
      for (const char *Name : {"rust-toolchain", "rust-toolchain.toml"}) {
        SmallString<256> F(D);
        sys::path::append(F, Name);
        if (sys::fs::exists(F))
          Text += identity(F) + "\n";
      }
      if (D == sys::path::root_path(D))
        break;
    }
  return Text;
}

PluginSupport pluginSupportFor(StringRef Rustc, bool Cached, StringRef Toolchain) {
  std::string RealRustc;
  if (!Cached)
    return probePluginSupport(Rustc, RealRustc);

  // What the answer depends on, as files are: the rustc program, what a
  // rustup proxy would pick, and the plugin.
  ErrorOr<std::string> Program = sys::findProgramByName(Rustc);
  Expected<std::string> Plugin = pluginPath();
  SmallString<256> CacheDir;
  if (std::optional<std::string> X = sys::Process::GetEnv("XDG_CACHE_HOME"); X && !X->empty())
    CacheDir = *X;
  else if (sys::path::home_directory(CacheDir))
    sys::path::append(CacheDir, ".cache");
  if (!Program || !Plugin || CacheDir.empty()) {
    consumeError(Plugin.takeError());
    return probePluginSupport(Rustc, RealRustc);
  }
  std::string Key = "helperlink " HELPERLINK_VERSION "\n" + identity(*Plugin) + "\n" +
                    identity(*Program) + "\n" + Toolchain.str() + "\n";
  SmallString<256> Real;
  if (!sys::fs::real_path(*Program, Real) && sys::path::stem(Real).starts_with("rustup"))
    Key += rustupSelection();
  sys::path::append(CacheDir, "helperlink",
                    "plugin-support-" + utohexstr(xxh3_64bits(Key)) + ".txt");

  // The answer, and the identity of the rustc binary it was found for,
  // which a toolchain update replaces.
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(CacheDir)) {
    SmallVector<StringRef, 4> Lines;
    (*Buf)->getBuffer().split(Lines, '\n');
    if (Lines.size() >= 5 && Lines[0] == Key.substr(0, Key.find('\n')) &&
        Lines[2] == identity(Lines[1])) {
      PluginSupport S;
      S.Usable = Lines[3] == "yes";
      S.Reason = Lines[4].str();
      S.Path = *Plugin;
      return S;
    }
  }
  PluginSupport S = probePluginSupport(Rustc, RealRustc);
  if (!RealRustc.empty() && !sys::fs::create_directories(sys::path::parent_path(CacheDir)))
    consumeError(writeAtomically(CacheDir, [&](raw_pwrite_stream &OS) {
      OS << Key.substr(0, Key.find('\n')) << "\n"
         << RealRustc << "\n"
         << identity(RealRustc) << "\n"
         << (S.Usable ? "yes" : "no") << "\n"
         << S.Reason << "\n";
      return Error::success();
    }));
  return S;
}

} // namespace helperlink
