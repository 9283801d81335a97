//===- helperlink/Link.h - Linking only the helpers a crate needs -*- C++ -*-===//
//
// The third stage: move into the crate the helpers it calls, transitively,
// with internal linkage (llvm-link --internalize --only-needed), while the
// crate keeps its own module flags and, by default, loses nothing to the
// helpers' debug info.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_LINK_H
#define HELPERLINK_LINK_H

#include "helperlink/Inputs.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace helperlink {

struct LinkOptions {
  bool KeepHelperDebugInfo = false;
  /// Link and inline helper definitions that another definition may replace
  /// at link time (weak, ...), for builds known to have no such override.
  bool AllowInterposable = false;
};

/// A helper-file definition whose final meaning the program's link decides,
/// not the helper file: a weak or common definition, an ifunc, ...
struct InterposableDefinition {
  std::string File;
  /// What makes it replaceable, in the helper file's own terms
  /// ("weak definition", "ifunc resolved at load time", ...).
  std::string Kind;
  /// Whether its body was linked anyway (--allow-interposable); otherwise
  /// the crate keeps referring to the external symbol, as without helperlink.
  bool Linked = false;
};

/// A mutable global from the helpers that linked code reads or writes: each
/// crate now has its own copy where the C side had one in total.
struct GlobalStateHazard {
  std::string Global;
  std::string Helper;

  /// What the user is told: a warning, or with --strict an error.
  std::string message() const;
};

/// A helper that does nothing but call the library's out-of-line version
/// of what it wraps (rust_helper_X calls X): inlining removes the helper,
/// not that call, so the fast path the user wanted is not there.
struct ForwardingHelper {
  std::string Helper;
  std::string Callee;

  /// The note the report gives.
  std::string message() const;
};

/// \p Helper, linked into \p Crate, if it only forwards (ForwardingHelper).
/// \p Prefix is the helpers' name prefix (rust_helper_ when empty).
std::optional<ForwardingHelper> findForwarding(const llvm::Module &Crate, llvm::StringRef Helper,
                                               llvm::StringRef Prefix);

/// A symbol the object newly references, through helper code, that
/// --exported-symbols does not list.
struct UnexportedReference {
  std::string Symbol;
  /// The helpers that brought it in; empty when not known.
  std::vector<std::string> Helpers;
  std::string ExportsFile;

  /// --exported-symbols' refusal.
  std::string message() const;
};

/// An external declaration the helpers brought in as dso_local ("defined in
/// the object being linked"), which the crate's relocation model does not
/// assume of such a symbol (a shared object, where it may be in another
/// one). The flag is dropped, so that the crate's code generation reaches
/// the symbol as the crate's own code does: a code-generation adaptation,
/// not a change of what the C code means.
struct DSOLocalDrop {
  std::string Symbol;
  bool IsFunction = false;
  /// The helpers referencing it.
  std::vector<std::string> Helpers;
};

struct LinkResult {
  /// Names of the functions the crate defined before linking: the only
  /// functions whose call sites are decided and reported.
  llvm::StringSet<> CrateFunctions;
  /// Names of every global value brought in from a helper module.
  llvm::StringSet<> FromHelpers;
  /// The helpers the crate itself calls: names it declared that a helper
  /// module defined. --require-inlined is about these.
  llvm::StringSet<> Roots;
  /// The helper functions linked, in module order.
  std::vector<std::string> HelpersLinked;
  /// Symbols the crate alone referenced without defining.
  std::set<std::string> CrateUndefined;
  std::vector<GlobalStateHazard> Hazards;
  /// Interposable definitions in the helper files, by symbol, judged by
  /// their linkage in their own file before anything was internalized.
  std::map<std::string, InterposableDefinition> Interposable;
  /// For each symbol linked helper code references without defining, the
  /// helpers referencing it: what a new undefined symbol is blamed on.
  std::map<std::string, std::vector<std::string>> ExternalUses;
  /// Declarations from the helpers made to follow the crate's relocation
  /// model, in module order.
  std::vector<DSOLocalDrop> DSOLocalDropped;
};

/// Links \p Helpers into \p Crate. Consumes the helper modules.
llvm::Expected<LinkResult> linkHelpers(llvm::Module &Crate, std::vector<InputFile> Helpers,
                                       const LinkOptions &Opts);

/// External symbols \p M references without defining (intrinsics excluded),
/// sorted: what the object's symbol table will list as undefined.
std::set<std::string> undefinedSymbols(const llvm::Module &M);

} // namespace helperlink

#endif
