// A Rust program calling the counter helpers: with the plugin they are
// inlined, so it links without the C helpers' object.
#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
    fn rust_helper_counter_read(c: *const Counter) -> i32;
}

fn main() {
    let mut c = Counter { value: 41 };
    let v = unsafe {
        rust_helper_counter_inc(&mut c);
        rust_helper_counter_read(&c)
    };
    println!("counter: {v}");
}
