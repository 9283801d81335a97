//===- helperlink/EnumNames.h - An enum's values by name --------*- C++ -*-===//
//
// Each enum an option sets has one table of its values' names: the option
// parser reads them (and lists them when a value is wrong), the report
// writes them.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_ENUMNAMES_H
#define HELPERLINK_ENUMNAMES_H

#include <cstddef>
#include <optional>
#include <string_view>

namespace helperlink {

template <typename T> struct NamedValue {
  const char *Name;
  T Value;
};

/// \p Value's name in \p Names, or "unknown".
template <typename T, size_t N> const char *nameOf(const NamedValue<T> (&Names)[N], T Value) {
  for (const NamedValue<T> &NV : Names)
    if (NV.Value == Value)
      return NV.Name;
  return "unknown";
}

/// The value named \p Name in \p Names, if one is.
template <typename T, size_t N>
std::optional<T> valueOf(const NamedValue<T> (&Names)[N], std::string_view Name) {
  for (const NamedValue<T> &NV : Names)
    if (Name == NV.Name)
      return NV.Value;
  return std::nullopt;
}

} // namespace helperlink

#endif
