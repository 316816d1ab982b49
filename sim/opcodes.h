/* opcodes — the bytecode the compiler emits and vm.c runs.
 *
 * A stack machine; each function's frame has `nslots` local slots (params
 * first) and an operand stack above them. Operands follow the opcode byte:
 * u8, u16 (little-endian) or u32 (jump targets are absolute code offsets).
 * X(NAME, operand bytes, stack effect note)
 */
#ifndef LS_OPCODES_H
#define LS_OPCODES_H

#define LS_OP_MAP(X)                                                                               \
  X(CONST, 2, "-> consts[u16]")                                                                    \
  X(UNDEF, 0, "-> undefined")                                                                      \
  X(NULL, 0, "-> null")                                                                            \
  X(THIS, 0, "-> this")                                                                            \
  X(CALLEE, 0, "-> the running function (a named function expression's own name)")                 \
  X(HOLE, 0, "-> the uninitialized marker of a let/const binding")                                 \
  X(CHECK_TDZ, 2, "v -> v, or ReferenceError when v is the marker (u16: the name)")                \
  X(THROW_CONST, 2, "TypeError: Assignment to constant variable (u16: the name)")                  \
  X(TRUE, 0, "-> true")                                                                            \
  X(FALSE, 0, "-> false")                                                                          \
  X(POP, 0, "v ->")                                                                                \
  X(DUP, 0, "v -> v v")                                                                            \
  X(DUP2, 0, "a b -> a b a b")                                                                     \
  X(SWAP, 0, "a b -> b a")                                                                         \
  X(ROT3, 0, "a b c -> c a b (value under obj key, for member assignment results)")                \
  X(GET_LOCAL, 2, "-> slot[u16]")                                                                  \
  X(SET_LOCAL, 2, "v -> v, slot[u16] = v")                                                         \
  X(GET_ENV, 3, "-> env(depth u8)[u16]")                                                           \
  X(SET_ENV, 3, "v -> v")                                                                          \
  X(GET_GLOBAL, 2, "-> global[consts[u16]] or ReferenceError")                                     \
  X(SET_GLOBAL, 2, "v -> v")                                                                       \
  X(TYPEOF_GLOBAL, 2, "-> typeof global (no ReferenceError)")                                      \
  X(PUSH_ENV, 2, "new scope of u16 slots")                                                         \
  X(POP_ENV, 0, "leave scope")                                                                     \
  X(COPY_ENV, 0, "a fresh copy of the scope: for (let ...) per-iteration bindings")                \
  X(GET_PROP, 2, "obj -> obj[consts[u16]]")                                                        \
  X(SET_PROP, 2, "obj v -> v")                                                                     \
  X(GET_PRIV, 7,                                                                                   \
    "obj -> obj.#x, or TypeError: u16 #x, u16 message when obj lacks it, u16 message when it "     \
    "has it but cannot read it (0xffff none), u8 1: own property only (a field or static)")        \
  X(SET_PRIV, 7, "obj v -> v, obj.#x = v, or TypeError (operands as GET_PRIV)")                    \
  X(GET_ELEM, 0, "obj key -> obj[key]")                                                            \
  X(SET_ELEM, 0, "obj key v -> v")                                                                 \
  X(GET_METHOD, 2, "obj -> obj obj[consts[u16]]")                                                  \
  X(GET_METHOD_ELEM, 0, "obj key -> obj obj[key]")                                                 \
  X(CALL, 3, "f args(u8) -> result; u16: the callee's text, for errors")                           \
  X(CALL_METHOD, 3, "this f args(u8) -> result; u16 callee text")                                  \
  X(NEW, 3, "f args(u8) -> object; u16 callee text")                                               \
  X(RETURN, 0, "v -> (returns, running finally blocks first)")                                     \
  X(CLOSURE, 2, "-> a closure of consts[u16] over the current scope")                              \
  X(JUMP, 4, "")                                                                                   \
  X(JUMP_IF_FALSE, 4, "v -> (pops)")                                                               \
  X(JUMP_IF_TRUE, 4, "v -> (pops)")                                                                \
  X(JUMP_IF_FALSE_KEEP, 4, "v -> v (&&: keeps it when jumping, pops otherwise)")                   \
  X(JUMP_IF_TRUE_KEEP, 4, "v -> v (||)")                                                           \
  X(JUMP_IF_NOT_NULLISH_KEEP, 4, "v -> v (nullish coalescing)")                                    \
  X(JUMP_OUT, 8, "u32 target, u16 handler depth, u16 env depth: break/continue")                   \
  X(ADD, 0, "a b -> a+b")                                                                          \
  X(SUB, 0, "")                                                                                    \
  X(MUL, 0, "")                                                                                    \
  X(DIV, 0, "")                                                                                    \
  X(MOD, 0, "")                                                                                    \
  X(EXP, 0, "")                                                                                    \
  X(BIT_AND, 0, "ToInt32 a & ToInt32 b")                                                           \
  X(BIT_OR, 0, "")                                                                                 \
  X(BIT_XOR, 0, "")                                                                                \
  X(SHL, 0, "")                                                                                    \
  X(SAR, 0, ">>")                                                                                  \
  X(SHR, 0, ">>> (unsigned)")                                                                      \
  X(BIT_NOT, 0, "~")                                                                               \
  X(EQ, 0, "==")                                                                                   \
  X(NE, 0, "!=")                                                                                   \
  X(SEQ, 0, "===")                                                                                 \
  X(SNE, 0, "!==")                                                                                 \
  X(LT, 0, "")                                                                                     \
  X(LE, 0, "")                                                                                     \
  X(GT, 0, "")                                                                                     \
  X(GE, 0, "")                                                                                     \
  X(INSTANCEOF, 0, "")                                                                             \
  X(IN, 0, "")                                                                                     \
  X(NEG, 0, "")                                                                                    \
  X(PLUS, 0, "ToNumber")                                                                           \
  X(NOT, 0, "")                                                                                    \
  X(TYPEOF, 0, "")                                                                                 \
  X(INC, 0, "n -> n+1 (numeric)")                                                                  \
  X(DEC, 0, "")                                                                                    \
  X(ARRAY, 2, "u16 values -> array")                                                               \
  X(OBJECT, 0, "-> {}")                                                                            \
  X(INIT_PROP, 2, "obj v -> obj")                                                                  \
  X(INIT_ELEM, 0, "obj key v -> obj")                                                              \
  X(INIT_ACCESSOR, 1, "obj key fn -> obj (u8: 1 getter, 2 setter)")                                \
  X(HOME, 1, "home [key] fn -> same: fn's home object (super.x) is the value u8 below it")         \
  X(CLASS, 1, "[parent] ctor -> ctor, with its prototype (u8: 1 when it extends parent)")          \
  X(SUPER_GET, 2, "-> super[consts[u16]], read with this as receiver")                             \
  X(SUPER_CALL, 4, "args -> this: u8 argc, u8 1: one array to spread, u16 the slot super() sets")  \
  X(CHECK_THIS, 2, "-> this, or ReferenceError before super() (u16: that slot)")                   \
  X(CHECK_SUPER, 2, "v -> v, or ReferenceError returning before super() (u16: that slot)")         \
  X(TEMPLATE, 2, "u16 parts -> string")                                                            \
  X(THROW, 0, "v ->")                                                                              \
  X(TRY, 8, "u32 catch pc (0 none), u32 finally pc (0 none)")                                      \
  X(END_TRY, 0, "the try block ended normally")                                                    \
  X(NORMAL_COMPLETION, 0, "-> kind value (into a finally block)")                                  \
  X(END_FINALLY, 0, "kind value -> (continue, or rethrow/return/jump)")                            \
  X(AWAIT, 0, "v -> resolved value (suspends the frame)")                                          \
  X(JUMP_IF_NOT_UNDEF_KEEP, 4, "v -> v (a default: keeps v and jumps unless it is undefined)")     \
  X(ITER_INIT, 2, "v -> it i, or TypeError not iterable (u16: the message, see vm.c)")             \
  X(ITER_NEXT, 4, "it i -> it i' v, or jumps to u32 when done (for-of)")                           \
  X(ITER_STEP, 0, "it i -> it i' v (undefined when done: array patterns)")                         \
  X(ITER_REST, 0, "it i -> it i' [the rest] (a rest element)")                                     \
  X(FOR_IN_KEYS, 0, "v -> keys 0 (own enumerable keys, as for-in visits them)")                    \
  X(CHECK_DESTRUCT, 4, "v -> v, or TypeError on null/undefined (u16 first key, u16 message)")      \
  X(OBJ_REST, 2, "src keys(u16) -> a copy of src without those keys")                              \
  X(ARRAY_PUSH, 0, "arr v -> arr")                                                                 \
  X(ARRAY_SPREAD, 2, "arr iterable -> arr (u16: the message, as ITER_INIT)")                       \
  X(OBJ_SPREAD, 0, "obj src -> obj (src's own enumerable properties)")                             \
  X(CALL_SPREAD, 3, "[this] f args-array -> result; u8: 0 call, 1 method, 2 new; u16 text")

typedef enum ls_op {
#define X(name, n, doc) LS_OP_##name,
  LS_OP_MAP(X)
#undef X
      LS_OP__COUNT
} ls_op;

#endif
