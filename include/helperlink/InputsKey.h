//===- helperlink/InputsKey.h - What a plugin build depends on --*- C++ -*-===//
//
// A crate compiled with the plugin depends on more than rustc sees: the
// helper files' contents, the plugin itself and the options that change
// the code. Caches key on what rustc sees (its command line, its sources),
// so the front doors put this digest where they look.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_INPUTSKEY_H
#define HELPERLINK_INPUTSKEY_H

#include "helperlink/Config.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
}

namespace helperlink {

/// The plugin options of \p Cfg that change what rustc writes or whether
/// it succeeds: every one but where reports go and how much is printed.
std::string codeOptionsFor(const Config &Cfg);

/// A hex digest of the contents of \p HelperFiles (in order), of the
/// plugin file \p PluginPath and of \p CodeOptions (codeOptionsFor). The
/// same inputs give the same key wherever the files are.
llvm::Expected<std::string> helperInputsKey(llvm::ArrayRef<std::string> HelperFiles,
                                            llvm::StringRef PluginPath,
                                            llvm::StringRef CodeOptions);

/// What one helper puts into a crate that calls it: a digest of its
/// definition and of every definition it reaches in its file.
struct HelperDigest {
  std::string Name;
  std::string Digest;
};

/// The digest of each helper (external function definition) of \p Helpers,
/// sorted by name. An edit of one helper, or of a static inline function
/// only it calls, changes that helper's digest alone. Debug info counts
/// only with \p KeepDebugInfo, as it reaches the crate only then.
std::vector<HelperDigest> helperDigests(const llvm::Module &Helpers, bool KeepDebugInfo);

} // namespace helperlink

#endif
