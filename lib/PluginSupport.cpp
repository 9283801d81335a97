//===- PluginSupport.cpp - Finding and vetting the rustc plugin -----------===//

#include "helperlink/Plugin.h"

#include "Diagnostics.h"
#include "Subprocess.h"

#include "helperlink/Compat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Object/ELFObjectFile.h"
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

/// The libraries \p Path's dynamic section names (DT_NEEDED).
static std::vector<std::string> neededLibraries(StringRef Path) {
  std::vector<std::string> Needed;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return Needed;
  Expected<object::ELF64LEFile> Elf = object::ELF64LEFile::create((*Buf)->getBuffer());
  if (!Elf) {
    consumeError(Elf.takeError());
    return Needed;
  }
  auto Dyn = Elf->dynamicEntries();
  if (!Dyn) {
    consumeError(Dyn.takeError());
    return Needed;
  }
  uint64_t StrTab = 0;
  for (const auto &D : *Dyn)
    if (D.getTag() == ELF::DT_STRTAB)
      StrTab = D.getVal();
  Expected<const uint8_t *> Str = Elf->toMappedAddr(StrTab);
  if (!StrTab || !Str) {
    if (!Str)
      consumeError(Str.takeError());
    return Needed;
  }
  StringRef Data = (*Buf)->getBuffer();
  for (const auto &D : *Dyn)
    if (D.getTag() == ELF::DT_NEEDED) {
      const char *Name = reinterpret_cast<const char *>(*Str) + D.getVal();
      if (Name >= Data.begin() && Name < Data.end())
        Needed.push_back(StringRef(Name, strnlen(Name, Data.end() - Name)).str());
    }
  return Needed;
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
  SmallString<256> LibDir(StringRef(*Sysroot).trim());
  sys::path::append(LibDir, "lib");
  std::error_code EC;
  for (sys::fs::directory_iterator It(LibDir, EC), End; It != End && !EC; It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.starts_with("librustc_driver-") || !Name.ends_with(".so"))
      continue;
    for (const std::string &Lib : neededLibraries(It->path()))
      if (StringRef(Lib).starts_with("libLLVM")) {
        S.Usable = true;
        S.Reason = "rustc loads LLVM " + V.LLVMVersion + " from " + Lib;
        return S;
      }
    S.Reason = "rustc links LLVM statically (" + Name.str() +
               " needs no libLLVM): a plugin cannot share its LLVM";
    return S;
  }
  S.Reason = "no librustc_driver-*.so in " + LibDir.str().str();
  return S;
}

} // namespace helperlink
