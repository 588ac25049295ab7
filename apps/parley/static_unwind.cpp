// Exceptions in the static `parley` executable (cmake/static_cli.cmake). It is linked with
// -static -no-pie: no relocation at start-up (a position-independent static executable writes
// every page of pointers it holds, 100 pages here, one fault each). But in such an executable
// GCC's start-up file (crtbeginT.o) registers the whole .eh_frame with the unwinder, which then
// sorts every frame description (about 100,000 here, 6 ms) the first time anything throws,
// CLI11's --help included. The executable is linked with --eh-frame-hdr and with these two
// functions in place of the registration's (ld --wrap): nothing is registered, and the unwinder
// finds frames as it does in any other executable, by the sorted table of .eh_frame_hdr
// (dl_iterate_phdr).
extern "C" {
void __wrap___register_frame_info(const void* /*begin*/, void* /*object*/) {}
void* __wrap___deregister_frame_info(const void* /*begin*/) { return nullptr; }
}
