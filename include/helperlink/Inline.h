//===- helperlink/Inline.h - Deciding and inlining helper calls -*- C++ -*-===//
//
// The fourth and fifth stages. Every direct call from crate code to a linked
// helper is inlined unless the decision (InlineDecision.h) refuses it; the
// decision and its reason are kept for the report.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_INLINE_H
#define HELPERLINK_INLINE_H

#include "helperlink/InlineDecision.h"
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

struct CallSiteRecord {
  std::string Caller;
  std::string Callee;
  bool Inlined = false;
  std::string Reason;
  /// A call in a helper's body, there once the helper was inlined.
  bool ExposedByInlining = false;

  /// --require-inlined's refusal of this call, left out of line.
  std::string notInlinedMessage() const;
};

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
std::vector<CallSiteRecord> remainingHelperCalls(llvm::Module &M, const LinkResult &Linked);

/// Removes the decisions inlineHelperCalls left on refused calls, before
/// the module is written.
void forgetInlineDecisions(llvm::Module &M);

} // namespace helperlink

#endif
