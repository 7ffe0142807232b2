//! The allocator option `serve` sets (see `keep_freed_memory` in main.rs)
//! is the one meant: mimalloc numbers its options in an enum that
//! libmimalloc-sys does not expose for that option, so a new version could
//! move it.

#[test]
fn option_15_is_mimallocs_purge_delay() {
    // The purge delay's default is 1000 ms, and no other option of
    // mimalloc 3 has that default.
    // SAFETY: reads and sets plain integer options.
    assert_eq!(
        unsafe { libmimalloc_sys::mi_option_get(15) },
        1000,
        "option 15 is not purge_delay (default 1000 ms): fix MI_OPTION_PURGE_DELAY in main.rs"
    );
    unsafe { libmimalloc_sys::mi_option_set(15, 60_000) };
    assert_eq!(unsafe { libmimalloc_sys::mi_option_get(15) }, 60_000);
}
