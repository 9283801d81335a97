//===- RustcArgs.cpp - What a rustc command line says ---------------------===//

#include "helperlink/RustcArgs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace helperlink {

std::string RustcArgs::Emit::list() const {
  std::string S;
  for (const EmitOutput &O : Outputs) {
    if (!S.empty())
      S += ',';
    S += O.Kind;
    if (O.Path)
      S += "=" + *O.Path;
  }
  return S;
}

std::string RustcArgs::Emit::argument() const { return Joined ? "--emit=" + list() : list(); }

static std::vector<RustcArgs::EmitOutput> parseEmitList(StringRef List) {
  std::vector<RustcArgs::EmitOutput> Outputs;
  SmallVector<StringRef, 4> Items;
  List.split(Items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Item : Items) {
    auto [Kind, Path] = Item.split('=');
    Outputs.push_back(
        {Kind.str(), Item.contains('=') ? std::optional<std::string>(Path.str()) : std::nullopt});
  }
  return Outputs;
}

/// rustc's flags whose value may be the next argument (rustc --help -v),
/// so that a value is never read as a flag.
static bool takesValue(StringRef Flag) {
  return is_contained({"--cfg",
                       "--check-cfg",
                       "-L",
                       "-l",
                       "--crate-type",
                       "--crate-name",
                       "--edition",
                       "--emit",
                       "--print",
                       "-o",
                       "--out-dir",
                       "--explain",
                       "--target",
                       "-A",
                       "--allow",
                       "-W",
                       "--warn",
                       "--force-warn",
                       "-D",
                       "--deny",
                       "-F",
                       "--forbid",
                       "--cap-lints",
                       "-C",
                       "--codegen",
                       "-Z",
                       "--extern",
                       "--sysroot",
                       "--error-format",
                       "--json",
                       "--color",
                       "--diagnostic-width",
                       "--remap-path-prefix",
                       "--remap-path-scope"},
                      Flag);
}

RustcArgs RustcArgs::parse(ArrayRef<StringRef> Command) {
  RustcArgs Args;
  for (size_t I = 1; I < Command.size(); ++I) {
    StringRef A = Command[I];
    // The flag and its value, in either spelling.
    StringRef Flag = A, Value;
    bool Joined = true;
    if (A == "--test") {
      Args.Test = true;
      continue;
    }
    if (takesValue(A)) {
      if (I + 1 == Command.size())
        break; // a flag without its value: rustc refuses the command
      Value = Command[++I];
      Joined = false;
    } else if (A.starts_with("--") && A.contains('=')) {
      std::tie(Flag, Value) = A.split('=');
    } else if (A.size() > 2 && A[0] == '-' && A[1] != '-' && takesValue(A.take_front(2))) {
      Flag = A.take_front(2);
      Value = A.drop_front(2);
    } else {
      continue;
    }

    if (Flag == "--crate-name")
      Args.CrateName = Value.str();
    else if (Flag == "--crate-type") {
      SmallVector<StringRef, 2> Types;
      Value.split(Types, ',');
      for (StringRef Type : Types)
        Args.CrateTypes.push_back(Type.str());
    } else if (Flag == "--out-dir")
      Args.OutDir = Value.str();
    else if (Flag == "-o")
      Args.Output = Value.str();
    else if (Flag == "--emit")
      Args.Emits.push_back({I, Joined, parseEmitList(Value)});
    else if (Flag == "-C" || Flag == "--codegen")
      Args.CodegenOptions.push_back(Value.str());
    else if (Flag == "-Z")
      Args.DebuggingOptions.push_back(Value.str());
  }
  return Args;
}

RustcArgs RustcArgs::parse(ArrayRef<std::string> Command) {
  SmallVector<StringRef, 64> Refs(Command.begin(), Command.end());
  return parse(Refs);
}

std::optional<std::string> RustcArgs::codegenOption(StringRef Name) const {
  std::optional<std::string> Value;
  for (StringRef Option : CodegenOptions) {
    auto [OptionName, OptionValue] = Option.split('=');
    if (OptionName == Name && Option.contains('='))
      Value = OptionValue.str();
  }
  return Value;
}

std::optional<bool> RustcArgs::functionSections() const {
  std::optional<bool> On;
  for (StringRef Option : DebuggingOptions) {
    auto [Name, Value] = Option.split('=');
    if (Name != "function-sections")
      continue;
    if (is_contained({"n", "no", "off", "false"}, Value))
      On = false;
    else if (is_contained({"", "y", "yes", "on", "true"}, Value))
      On = true;
  }
  return On;
}

std::vector<std::string> RustcArgs::outputDirs() const {
  std::vector<std::string> Dirs = {"."};
  auto AddParentOf = [&](StringRef Path) {
    StringRef Dir = sys::path::parent_path(Path);
    Dirs.push_back(Dir.empty() ? "." : Dir.str());
  };
  if (Output)
    AddParentOf(*Output);
  if (OutDir)
    Dirs.push_back(*OutDir);
  for (const Emit &E : Emits)
    for (const EmitOutput &O : E.Outputs)
      if (O.Path)
        AddParentOf(*O.Path);
  return Dirs;
}

std::optional<std::string> RustcArgs::depInfoPath() const {
  for (const Emit &E : llvm::reverse(Emits))
    for (const EmitOutput &O : E.Outputs) {
      if (O.Kind != "dep-info")
        continue;
      if (O.Path)
        return *O.Path;
      SmallString<256> Path(OutDir   ? StringRef(*OutDir)
                            : Output ? sys::path::parent_path(*Output)
                                     : StringRef());
      if (Output)
        sys::path::append(Path, sys::path::stem(*Output));
      else if (CrateName)
        sys::path::append(Path, *CrateName + codegenOption("extra-filename").value_or(""));
      else
        return std::nullopt;
      return (Path + ".d").str();
    }
  return std::nullopt;
}

} // namespace helperlink
