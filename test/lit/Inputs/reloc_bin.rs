extern "C" {
    fn rust_helper_get() -> i32;
    fn rust_helper_get_at(i: isize) -> i32;
    fn shared_set(v: i32);
}

fn main() {
    unsafe {
        shared_set(41);
        let a = rust_helper_get();
        shared_set(42);
        let b = rust_helper_get();
        println!("rust_helper_get: {a} {b}, rust_helper_get_at(2): {}", rust_helper_get_at(2));
        assert!(a == 41 && b == 42);
    }
}
