//===- helperlink/Inline.h - Deciding and inlining helper calls -*- C++ -*-===//
//
// The fourth and fifth stages. Every direct call from crate code to a linked
// helper is inlined unless something makes it unsafe or impossible; the
// decision and its reason are kept for the report. LLVM's own
// compatibility rules are followed except for three known false positives
// (null_pointer_is_valid, differing no-builtin lists, target-feature strings
// that spell the same set differently), whose effects are instead carried
// over to the caller.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_INLINE_H
#define HELPERLINK_INLINE_H

#include "helperlink/Link.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class CallBase;
class Function;
class FunctionType;
class Module;
class TargetMachine;
} // namespace llvm

namespace helperlink {

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
InlineDecision decideTargetCompatibility(const llvm::Function &Caller,
                                         const llvm::Function &Callee,
                                         const llvm::TargetMachine *TM);

/// The subtarget features \p Callee's code needs that \p Caller's lacks
/// ("avx2", ...), by LLVM's feature bits; empty when there are none.
std::vector<std::string> missingFeatures(const llvm::Function &Caller,
                                         const llvm::Function &Callee,
                                         const llvm::TargetMachine &TM);

/// Caller-side attribute updates that keep the inlined helper's semantics:
/// LLVM's merge, plus the no-builtin list LLVM's merge drops.
void mergeHelperAttributes(llvm::Function &Caller, const llvm::Function &Callee);

struct CallSiteRecord {
  std::string Caller;
  std::string Callee;
  bool Inlined = false;
  std::string Reason;
  /// A call in a helper's body, there once the helper was inlined.
  bool ExposedByInlining = false;
};

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

struct AttributeChange {
  std::string Function;
  std::vector<std::string> Added;
  std::vector<std::string> Removed;
  /// Why, for a helper's change; empty for a caller's (LLVM's merge).
  std::string Why;
};

struct InlineSummary {
  std::vector<CallSiteRecord> CallSites;
  std::vector<AttributeChange> AttributeChanges;
  /// Helpers left out of line that now carry the crate's target attributes.
  std::vector<AttributeChange> HelperTargetChanges;
  /// Crate functions that received inlined code, in module order.
  std::vector<llvm::Function *> Touched;
  /// One per helper the crate declares with another type, in call order.
  std::vector<SignatureMismatch> SignatureMismatches;
};

enum class InlineRound {
  /// Right after linking: every call, and every address the crate takes.
  First,
  /// After an optimizer: only the calls no round has decided (those it made
  /// direct).
  AfterOptimizer,
};

/// Decides and inlines every call from crate code to a helper, following
/// calls that inlining exposes, then deletes helpers left without uses and,
/// in the first round, gives the rest the crate's target attributes where
/// they are compatible.
InlineSummary inlineHelperCalls(llvm::Module &M, const LinkResult &Linked,
                                const llvm::TargetMachine *TM,
                                InlineRound Round = InlineRound::First);

/// Calls from crate code to the helpers the crate called (LinkResult::Roots)
/// that are still in \p M, for --require-inlined, each with the reason its
/// own decision gave (carried on the call instruction, so two calls from one
/// caller to one helper keep their own). Calls inlining exposed to a helper
/// file's own out-of-line functions are reported, not required.
std::vector<CallSiteRecord> remainingHelperCalls(llvm::Module &M,
                                                 const LinkResult &Linked);

/// Removes the decisions inlineHelperCalls left on refused calls, before
/// the module is written.
void forgetInlineDecisions(llvm::Module &M);

} // namespace helperlink

#endif
