// SPDX-License-Identifier: GPL-2.0

//! A module that grows a `VVec`: the kernel crate's vmalloc allocator is
//! instantiated here and calls the vrealloc helper. Inlined, the helper's
//! body calls `vrealloc_noprof`, which Linux 6.12 does not export (the
//! series' `vrealloc_node_align_noprof` case).

use kernel::prelude::*;

module! {
    type: VVecUser,
    name: "helperlink_vvec",
    author: "helperlink",
    description: "a module whose Rust code reaches vrealloc through the helper",
    license: "GPL",
}

struct VVecUser {
    numbers: VVec<u64>,
}

impl kernel::Module for VVecUser {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let mut numbers = VVec::new();
        for i in 0..1000u64 {
            numbers.push(i * i, GFP_KERNEL)?;
        }
        let sum: u64 = numbers.iter().sum();
        pr_info!("vvec len={} sum={}\n", numbers.len(), sum);
        Ok(VVecUser { numbers })
    }
}

impl Drop for VVecUser {
    fn drop(&mut self) {
        pr_info!("vvec dropped, len={}\n", self.numbers.len());
    }
}
