//===- helperlink/InlineDecision.h - May this helper call be inlined? -*- C++ -*-===//
//
// The policy of the fourth stage, apart from the inliner that applies it
// (Inline.h). LLVM's own compatibility rules are followed except for three
// known false positives (null_pointer_is_valid, differing no-builtin lists,
// target-feature strings that spell the same set differently), whose effects
// are instead carried over to the caller. A new reason to refuse or a new
// note goes here.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_INLINEDECISION_H
#define HELPERLINK_INLINEDECISION_H

#include <string>
#include <vector>

namespace llvm {
class CallBase;
class Function;
class FunctionType;
class TargetMachine;
} // namespace llvm

namespace helperlink {

struct InterposableDefinition;

struct InlineDecision {
  bool ShouldInline = false;
  /// Why not, when refused; when accepted, the LLVM refusals overridden
  /// ("null_pointer_is_valid merged into caller", ...), possibly empty.
  std::string Reason;

  static InlineDecision refuse(std::string Why) { return {false, std::move(Why)}; }
  static InlineDecision accept(std::string Note = {}) { return {true, std::move(Note)}; }
};

/// Decides whether \p Call, a direct call to \p Callee, may be inlined.
/// \p TM provides the subtarget feature bits and TTI for the feature
/// question; it may be null, in which case differing target attributes are
/// refused.
InlineDecision decideInline(llvm::CallBase &Call, llvm::Function &Callee,
                            const llvm::TargetMachine *TM);

/// The target half of decideInline: whether \p Callee's code may run with
/// \p Caller's target-cpu, target-features and tune-cpu, and the note that
/// says why when their strings differ.
InlineDecision decideTargetCompatibility(const llvm::Function &Caller, const llvm::Function &Callee,
                                         const llvm::TargetMachine *TM);

/// The subtarget features \p Callee's code needs that \p Caller's lacks
/// ("avx2", ...), by LLVM's feature bits; empty when there are none.
std::vector<std::string> missingFeatures(const llvm::Function &Caller, const llvm::Function &Callee,
                                         const llvm::TargetMachine &TM);

/// Whether a call to \p D, a helper file's interposable definition, is
/// inlined: only when its body was linked (--allow-interposable).
InlineDecision decideInterposable(const InterposableDefinition &D);

/// Caller-side attribute updates that keep the inlined helper's semantics:
/// LLVM's merge, plus the no-builtin list LLVM's merge drops.
void mergeHelperAttributes(llvm::Function &Caller, const llvm::Function &Callee);

/// A crate declaration of a helper whose type differs from the helper's
/// definition. The call is inlined only where signatureAdaptation() finds
/// conversions that give exactly what the out-of-line call gives; the
/// declaration is probably wrong either way.
struct SignatureMismatch {
  std::string Helper;
  /// Each as "C-ish (LLVM)": "int64_t (int64_t)" and "i64 (i64)".
  std::string CrateC, CrateLLVM;
  std::string HelperC, HelperLLVM;
  /// The conversions inlining made ("the result zero-extended to i64"), or
  /// empty when the calls were not inlined.
  std::string Adapted;

  /// What the user is told: a warning, or with --strict an error.
  std::string message() const;
};

/// For a call whose function type differs from \p Callee's, the conversions
/// under which inlining it computes what the call computes, or "" when there
/// are none. Integer arguments the crate passes wider than the helper takes
/// are truncated (the helper reads only their low bits); an integer result
/// the crate reads wider than the helper returns is extended as the helper's
/// return attribute says (signext, zeroext; with neither, the ABI leaves the
/// upper bits unspecified and zero is one value it allows); a result the
/// crate declares void is dropped. Anything else (narrower, pointer against
/// integer, another count) has none.
std::string signatureAdaptation(const llvm::CallBase &Call, const llvm::Function &Callee);

/// \p FT as a C-ish prototype ("int (int, void *)"); LLVM types carry no
/// signedness, so "int" stands for any 32-bit integer.
std::string cSignature(const llvm::FunctionType &FT);
std::string llvmSignature(const llvm::FunctionType &FT);

/// How a helper's integer result widens for a crate that reads more bits:
/// sign-extended when its return attribute says signext, else with zeros
/// (the ABI leaves them open).
bool resultSignExtends(const llvm::Function &Callee);

} // namespace helperlink

#endif
