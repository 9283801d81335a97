//===- helperlink/RustcArgs.h - What a rustc command line says --*- C++ -*-===//
//
// The parts of rustc's command line helperlink needs, read in one place:
// the wrapper rewrites the command it was given, the plugin reads the one
// of the rustc it runs in. Pure: the caller passes the arguments in.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_RUSTCARGS_H
#define HELPERLINK_RUSTCARGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace helperlink {

struct RustcArgs {
  /// One output of an --emit list: "obj=out/a.o" or "metadata".
  struct EmitOutput {
    std::string Kind;
    std::optional<std::string> Path;
  };
  /// One --emit argument: what it lists, and where its value is in the
  /// command, so that the wrapper can rewrite it.
  struct Emit {
    /// The argument that holds the list.
    size_t ValueIndex = 0;
    /// "--emit=LIST" rather than "--emit" "LIST".
    bool Joined = false;
    std::vector<EmitOutput> Outputs;

    /// The list as rustc reads it: "dep-info=a.d,obj=a.o".
    std::string list() const;
    /// The argument at ValueIndex that gives this list.
    std::string argument() const;
  };

  std::optional<std::string> CrateName;
  /// --crate-type values in command order ("lib", "bin", ...).
  std::vector<std::string> CrateTypes;
  /// --test: a test harness, which cargo builds beside the crate's lib.
  bool Test = false;
  std::optional<std::string> OutDir;
  /// -o FILE.
  std::optional<std::string> Output;
  std::vector<Emit> Emits;
  /// -C and -Z options in command order, each "name" or "name=value".
  std::vector<std::string> CodegenOptions;
  std::vector<std::string> DebuggingOptions;

  /// Reads \p Command, rustc and its arguments (Command[0] is the program).
  /// Both spellings of each flag are read: "-C x=y" and "-Cx=y", "--flag
  /// value" and "--flag=value".
  static RustcArgs parse(llvm::ArrayRef<llvm::StringRef> Command);
  static RustcArgs parse(llvm::ArrayRef<std::string> Command);

  /// The value of the last -C \p Name=VALUE, if any.
  std::optional<std::string> codegenOption(llvm::StringRef Name) const;
  /// -Z function-sections=..., when the command sets it.
  std::optional<bool> functionSections() const;
  /// Where rustc writes its dep-info, when --emit lists it: the path given,
  /// else rustc's default (-o's stem, or the crate's name and -C
  /// extra-filename, in the output directory, with ".d").
  std::optional<std::string> depInfoPath() const;
  /// The directories rustc writes outputs to: the working directory, -o's,
  /// --out-dir and each --emit path's.
  std::vector<std::string> outputDirs() const;
};

} // namespace helperlink

#endif
