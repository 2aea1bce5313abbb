/* libclang's C API, from Debian's libclang-dev (headers under /usr/lib/llvm-N/include;
   Package.swift passes that directory to the compiler and the linker). */
#include <clang-c/Index.h>
