# loopscope — a plain Makefile (see README.md).
#
#   make            build ./loopscope
#   make run        install deps if missing, build, open the first lesson
#   make check      install deps if missing, build, run every test
#   make check-asan the whole suite under AddressSanitizer + UBSan
#   make check-tsan the threaded tests under ThreadSanitizer
#   make bench      the benchmarks (see bench/)
#   make format     clang-format every source file

CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
CSTD    := -std=c11 -D_GNU_SOURCE
LLHTTP_SRC := /usr/share/llhttp
LLHTTP_INC := /usr/share/include/llhttp
PKGS    := libuv ncursesw
# -iquote: our headers for #include "..." only, so no file of ours can
# shadow a system header included with <...>.
CPPFLAGS += -iquote loop -iquote sim -iquote ui -I$(LLHTTP_INC)
CFLAGS  += $(CSTD) $(OPT) $(WARN) $(SAN) -MMD -MP
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

# Sanitizer builds live in their own folder so they never mix objects.
BUILD   ?= build
BIN     ?= loopscope

LIB_SRC   := $(wildcard loop/*.c sim/*.c) $(filter-out ui/main.c,$(wildcard ui/*.c))
MAIN_SRC  := ui/main.c
TEST_SRC  := $(wildcard tests/*.c)
BENCH_SRC := $(wildcard bench/*.c)
LLHTTP_C  := $(wildcard $(LLHTTP_SRC)/*.c)

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
LLHTTP_OBJ:= $(LLHTTP_C:$(LLHTTP_SRC)/%.c=$(BUILD)/llhttp/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)

Q := @
ifeq ($(V),1)
Q :=
endif

.PHONY: all deps run check check-asan check-tsan bench format clean test-unit fuzz

all: $(BIN)

# ---- dependencies (Debian packages only) -----------------------------------
DEB_PKGS := libuv1-dev libncurses-dev check node-llhttp nodejs pkg-config tmux curl wrk time
deps:
	$(Q)missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# ---- build -----------------------------------------------------------------
$(BIN): $(BUILD)/ui/main.o $(LIB_OBJ) $(LLHTTP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# llhttp is generated C; build it with our standard but without our warnings.
$(BUILD)/llhttp/%.o: $(LLHTTP_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      llhttp/$*.c"
	$(Q)$(CC) -I$(LLHTTP_INC) $(CSTD) $(OPT) $(SAN) -w -c -o $@ $<

$(BUILD)/check_loopscope: $(TEST_OBJ) $(LIB_OBJ) $(LLHTTP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

# ---- run and test ------------------------------------------------------------
run: deps
	$(Q)$(MAKE) --no-print-directory $(BIN)
	./$(BIN) lesson 1

# The unit suites (Check), then the end-to-end scripts in tests/*.sh.
test-unit: $(BUILD)/check_loopscope $(BIN)
	$(Q)LOOPSCOPE=$(abspath $(BIN)) tests/run.sh $(BUILD)/check_loopscope

# The benchmarks' programs are built too (not run: timings are bench's), so
# a change to an API they call breaks check, not a later make bench.
BENCH_BINS = $(BENCH_SRC:bench/%.c=$(BUILD)/%)
check: deps
	$(Q)$(MAKE) --no-print-directory test-unit $(BENCH_BINS)

# The corpus runs with the collector at every safe point (LOOPSCOPE_GC_STRESS)
# so that a value a native forgot to root is freed under the sanitizer's eyes.
# A sanitizer's report exits 23, not ASan's default 1: error cases expect 1
# (an uncaught exception), and a leak on that path would pass unseen.
check-asan: deps
	$(Q)ASAN_OPTIONS=exitcode=23 UBSAN_OPTIONS=exitcode=23 LOOPSCOPE_GC_STRESS=1 $(MAKE) --no-print-directory test-unit BUILD=build-asan BIN=build-asan/loopscope \
	  OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# ThreadSanitizer: only the suites that start threads (ring stress, thread pool,
# the gate driven from a second thread).
check-tsan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-tsan BIN=build-tsan/loopscope \
	  OPT="-O1 -g" SAN="-fsanitize=thread" build-tsan/check_loopscope
	$(Q)LS_SUITES=threads build-tsan/check_loopscope

bench: deps
	$(Q)$(MAKE) --no-print-directory $(BIN) $(BENCH_BINS)
	$(Q)bench/run.sh $(BUILD) $(abspath $(BIN))

$(BUILD)/bench_%: $(BUILD)/bench/bench_%.o $(LIB_OBJ) $(LLHTTP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer over the whole interpreter (tests/fuzz/), seeded with the corpus;
# FUZZ_SECONDS bounds the run (CI: 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	$(Q)$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz \
	  OPT="-O1 -g" SAN="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/fuzz_interp
	$(Q)mkdir -p build-fuzz/corpus
	$(Q)cp tests/conformance/*.js tests/conformance/errors/*.js build-fuzz/corpus/ 2>/dev/null || true
	$(Q)build-fuzz/fuzz_interp -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=4096 -print_final_stats=1 build-fuzz/corpus >build-fuzz/fuzz.log 2>&1; \
	  s=$$?; tail -12 build-fuzz/fuzz.log; \
	  if [ $$s -eq 0 ]; then echo "fuzz: $(FUZZ_SECONDS) s, no crash, no leak, no hang"; fi; exit $$s

build-fuzz/fuzz_interp: build-fuzz/tests/fuzz/fuzz_interp.o $(LIB_OBJ) $(LLHTTP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

format:
	clang-format -i $(wildcard loop/*.[ch] sim/*.[ch] ui/*.[ch] tests/*.[ch] bench/*.[ch])

clean:
	rm -rf build build-asan build-tsan build-fuzz $(BIN)

# The dependency files of the build being made (any BUILD=, not only the
# usual folders: a stale object in another folder once crashed at exit).
-include $(wildcard $(BUILD)/*/*.d $(BUILD)/*/*/*.d)
