//===- helperlink/Codegen.h - Re-optimizing and emitting --------*- C++ -*-===//
//
// The last stages: re-run function simplification on what inlining changed,
// then emit with the crate's own target settings.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_CODEGEN_H
#define HELPERLINK_CODEGEN_H

#include "helperlink/EnumNames.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

namespace llvm {
class Function;
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace helperlink {

enum class ReoptScope { None, Touched, Module };
enum class EmitKind { Object, Assembly, Bitcode, IR };

/// The names the options take and the report gives, in --help's order.
inline constexpr NamedValue<ReoptScope> ReoptScopeNames[] = {
    {"none", ReoptScope::None}, {"touched", ReoptScope::Touched}, {"module", ReoptScope::Module}};
inline constexpr NamedValue<EmitKind> EmitKindNames[] = {{"obj", EmitKind::Object},
                                                         {"asm", EmitKind::Assembly},
                                                         {"llvm-bc", EmitKind::Bitcode},
                                                         {"llvm-ir", EmitKind::IR}};
inline constexpr NamedValue<llvm::Reloc::Model> RelocationModelNames[] = {
    {"static", llvm::Reloc::Static},
    {"pic", llvm::Reloc::PIC_},
    {"dynamic-no-pic", llvm::Reloc::DynamicNoPIC},
    {"ropi", llvm::Reloc::ROPI},
    {"rwpi", llvm::Reloc::RWPI},
    {"ropi-rwpi", llvm::Reloc::ROPI_RWPI}};
inline constexpr NamedValue<llvm::CodeModel::Model> CodeModelNames[] = {
    {"tiny", llvm::CodeModel::Tiny},
    {"small", llvm::CodeModel::Small},
    {"kernel", llvm::CodeModel::Kernel},
    {"medium", llvm::CodeModel::Medium},
    {"large", llvm::CodeModel::Large}};

struct TargetOverrides {
  std::optional<llvm::Reloc::Model> Relocation;
  std::optional<llvm::CodeModel::Model> Code;
  /// rustc's -Z function-sections (functions and data alike); the bitcode
  /// does not record it, so it is an option, on by default as in rustc.
  bool FunctionSections = true;
};

/// What the target machine was built from, for the report.
struct TargetSettings {
  std::string Triple;
  std::string CPU;
  std::string Features;
  llvm::Reloc::Model Relocation = llvm::Reloc::Static;
  std::optional<llvm::CodeModel::Model> Code;
  bool FunctionSections = true;
};

/// The crate's own codegen settings: its triple, the CPU and features its
/// functions carry, the code model from its module flag, the relocation
/// model from its PIC level (absent = static).
TargetSettings crateTargetSettings(const llvm::Module &Crate, const TargetOverrides &Overrides);

/// The defined function of \p Crate whose target attributes (target-cpu,
/// target-features, tune-cpu) most of those \p Counts accepts share: rustc
/// gives every function the crate's, and adds to them only for
/// #[target_feature]. Null when \p Counts accepts none.
const llvm::Function *
crateTargetRepresentative(const llvm::Module &Crate,
                          llvm::function_ref<bool(const llvm::Function &)> Counts);

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetSettings &Settings);

/// The parts of LLVM's default<O2> pipeline, as pipeline text, that
/// reoptimize() runs on each touched function around the function
/// simplification pipeline; a unit test finds each in PassBuilder's own.
llvm::ArrayRef<const char *> reoptimizePipelineTexts();

/// Re-optimizes \p Touched (ReoptScope::Touched) or the whole module.
void reoptimize(llvm::Module &M, llvm::TargetMachine &TM, ReoptScope Scope,
                llvm::ArrayRef<llvm::Function *> Touched);

/// Writes \p M as \p Kind to \p OS.
llvm::Error emit(llvm::Module &M, llvm::TargetMachine &TM, EmitKind Kind,
                 llvm::raw_pwrite_stream &OS);

} // namespace helperlink

#endif
