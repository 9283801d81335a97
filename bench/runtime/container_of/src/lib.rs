//! container_of shape: gets the items of an array of list nodes through the
//! C accessor helper `rust_helper_node_to_item` (a `container_of()` on the
//! list node, what `list_entry()` is in C) and sums their values.

#![no_std]

/// Mirror of `struct list_head`.
#[repr(C)]
pub struct ListHead {
    pub next: *mut ListHead,
    pub prev: *mut ListHead,
}

/// Mirror of `struct item` in item.h.
#[repr(C)]
pub struct Item {
    pub flags: u64,
    pub val: i64,
    pub node: ListHead,
    pub owner: *mut core::ffi::c_void,
}

const NITEMS: u64 = 64;

/// Mirror of `struct nodes` in item.h.
#[repr(C)]
pub struct Nodes {
    pub node: [*mut ListHead; NITEMS as usize],
    pub items: *mut Item,
}

extern "C" {
    fn rust_helper_node_to_item(node: *const ListHead) -> *mut Item;
}

/// Sums the values of the items of `s.node[i % NITEMS]` for `i` in `0..n`.
///
/// # Safety
///
/// `s` must point to a valid `Nodes` whose nodes are in valid items.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(s: *const Nodes, n: u64) -> i64 {
    let mut sum: i64 = 0;
    // A while loop, as C's for loop: `for i in 0..n` gives a loop tail a few
    // instructions different from C's, helper or no helper (see README.md).
    let mut i = 0;
    while i < n {
        // Masked index: no bounds check (and so no panic path).
        let node = *(*s).node.as_ptr().add((i & (NITEMS - 1)) as usize);
        let it = rust_helper_node_to_item(node);
        sum = sum.wrapping_add((*it).val);
        i += 1;
    }
    sum
}
