//===- ToolProbesTest.cpp - Reading the versions tools print --------------===//

#include "helperlink-driver/ToolProbes.h"

#include "gtest/gtest.h"

using namespace helperlink;

namespace {

TEST(MajorOf, ReadsTheLeadingNumber) {
  EXPECT_EQ(majorOf("22.1.2"), 22u);
  EXPECT_EQ(majorOf("22"), 22u);
  EXPECT_EQ(majorOf("14.0.6-rust-1.70"), 14u);
  EXPECT_EQ(majorOf("9.0"), 9u);
}

TEST(MajorOf, NothingWithoutLeadingDigits) {
  EXPECT_EQ(majorOf(""), std::nullopt);
  EXPECT_EQ(majorOf("v22.1"), std::nullopt);
  EXPECT_EQ(majorOf(".1"), std::nullopt);
  EXPECT_EQ(majorOf("99999999999999999999"), std::nullopt); // overflows
}

} // namespace
