//! Keeps the linker's relocations in the WebAssembly bundle: `scripts/build-site`
//! splits the bundle at the app's lazy routes (wasm-split-cli reads the
//! relocations to move code into the chunks) and drops them again.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
