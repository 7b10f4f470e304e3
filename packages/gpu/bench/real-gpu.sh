#!/usr/bin/env bash
# Runs @convstudio/gpu's whole benchmark (step-bench.ts, then conv-bench.ts against tfjs-webgpu and
# ORT-web) and its test suite on the machine's WebGPU adapter: a real GPU through Dawn's Vulkan
# backend when a hardware Vulkan driver (ICD manifest) is installed. Prints the adapter and
# writes results/real-gpu/report.md (with step.md, conv.md and tests.log beside it).
#
#   packages/gpu/bench/real-gpu.sh                     # hardware adapter or exit 2 saying what is missing
#   packages/gpu/bench/real-gpu.sh --allow-software    # no GPU: run on SwiftShader anyway (correctness only)
#   options: --skip-tests  --skip-conv  (BENCH_SHAPES, STEP_ROUNDS and the conv knobs pass through)
#
# Exit status: 0 all green; 1 a test, a check or a benchmark failed; 2 no hardware adapter (and no
# --allow-software); 3 the bench's npm dependencies (tfjs, onnxruntime-web) could not be installed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pkg=$(dirname "$here")
allow_software=0 skip_tests=0 skip_conv=0
for arg in "$@"; do
  case "$arg" in
    --allow-software) allow_software=1 ;;
    --skip-tests) skip_tests=1 ;;
    --skip-conv) skip_conv=1 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "real-gpu.sh: unknown option '$arg' (expected --allow-software, --skip-tests, --skip-conv)" >&2; exit 64 ;;
  esac
done

SWIFTSHADER_ICD=/usr/lib/chromium/vk_swiftshader_icd.json
# Where Vulkan loaders and container runtimes put driver manifests (the NVIDIA container toolkit
# uses /usr/local/nvidia/...; distributions /usr/share and /etc).
# REAL_GPU_ICD_DIRS (colon-separated) replaces the list: for testing this script's paths.
ICD_DIRS=(/etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d)
[ -n "${REAL_GPU_ICD_DIRS:-}" ] && IFS=: read -r -a ICD_DIRS <<<"$REAL_GPU_ICD_DIRS"
is_software_icd() { grep -qiE 'swiftshader|lvp_|lavapipe|llvmpipe' <<<"$(basename "$1") $(cat "$1" 2>/dev/null)"; }

hardware_icds=()
for dir in "${ICD_DIRS[@]}"; do
  for f in "$dir"/*.json; do
    [ -f "$f" ] && ! is_software_icd "$f" && hardware_icds+=("$f")
  done
done

# Dawn loads libvulkan.so.1; Debian's Chromium ships one when the system has none.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' && [ -f /usr/lib/chromium/libvulkan.so.1 ]; then
  export LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

mode=hardware
if [ -n "${VK_ICD_FILENAMES:-}" ] || [ -n "${VK_DRIVER_FILES:-}" ]; then
  echo "Vulkan drivers chosen by the caller: VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
elif [ ${#hardware_icds[@]} -gt 0 ]; then
  # Only the hardware drivers, so neither SwiftShader nor lavapipe can answer instead.
  VK_ICD_FILENAMES=$(IFS=:; echo "${hardware_icds[*]}")
  echo "Hardware Vulkan driver manifest(s): $VK_ICD_FILENAMES"
fi
# Set, even empty (the loader's own search): vitest.config.ts and the benches default an unset
# VK_ICD_FILENAMES to SwiftShader.
export VK_ICD_FILENAMES="${VK_ICD_FILENAMES:-}"

cd "$here" || exit 1
probe() { npx --no-install tsx adapter-probe.ts 2>/dev/null | tail -n 1; }
field() { node -e 'const j = JSON.parse(process.argv[1]); const v = j[process.argv[2]]; process.stdout.write(String(v ?? ""))' "$1" "$2"; }
adapter_json=$(probe)
[ -z "$adapter_json" ] && adapter_json='{"found":false,"software":false,"name":"","reason":"adapter-probe.ts printed nothing (is the root npm ci done?)"}'
missing=''
if [ "$(field "$adapter_json" found)" != true ]; then
  missing="no WebGPU adapter: $(field "$adapter_json" reason)"
elif [ "$(field "$adapter_json" software)" = true ]; then
  missing="the only adapter is software: $(field "$adapter_json" name)"
fi
if [ -n "$missing" ]; then
  dirs=$(IFS=' '; echo "${ICD_DIRS[*]}")
  {
    echo "NO HARDWARE GPU ADAPTER: $missing."
    if [ ${#hardware_icds[@]} -eq 0 ]; then
      echo "Missing: a hardware Vulkan driver manifest (ICD JSON, e.g. nvidia_icd.json) in $dirs."
      echo "  For NVIDIA: the driver's Vulkan part (Debian/Ubuntu: libnvidia-gl-<version>, or the .run installer), the"
      echo "  libvulkan1 loader, and in containers NVIDIA_DRIVER_CAPABILITIES including 'graphics' (or 'all'). Check with vulkaninfo --summary."
    else
      echo "Present but not answering: ${hardware_icds[*]} (driver and kernel module versions must match; check with vulkaninfo --summary)."
    fi
  } >&2
  if [ "$allow_software" -eq 0 ]; then
    echo "Rerun with --allow-software to run everything on SwiftShader (proves correctness, not GPU speed)." >&2
    exit 2
  fi
  mode=software
  export VK_ICD_FILENAMES=$SWIFTSHADER_ICD
  adapter_json=$(probe)
  echo "--allow-software: running on $(field "$adapter_json" name) instead." >&2
fi
adapter=$(field "$adapter_json" name)
echo "Adapter: $adapter ($mode)"

out="$here/results/real-gpu"
mkdir -p "$out"
status=0
tests_line='not run (--skip-tests)'
if [ "$skip_tests" -eq 0 ]; then
  echo "== GPU test suite (vitest, packages/gpu) =="
  (cd "$pkg" && npx --no-install vitest run) 2>&1 | tee "$out/tests.log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && status=1
  tests_line="exit $rc: $(sed 's/\x1b\[[0-9;]*m//g' "$out/tests.log" | grep -E '^ *Tests ' | tail -n 1 | sed 's/^ *//')"
fi

echo "== Whole-model bench (step-bench.ts) =="
BENCH_OUT="$out/step.md" npx --no-install tsx --conditions=@convstudio/source step-bench.ts || status=1

conv_line='not run (--skip-conv)'
if [ "$skip_conv" -eq 0 ]; then
  if [ ! -d node_modules/@tensorflow/tfjs-backend-webgpu ] || [ ! -d node_modules/onnxruntime-web ]; then
    echo "== npm ci in packages/gpu/bench (the peers tfjs-webgpu and onnxruntime-web) =="
    if ! npm ci --no-audit --no-fund; then
      echo "Missing: packages/gpu/bench/node_modules (npm ci failed: no registry access?). Run it where the registry is reachable, or pass --skip-conv." >&2
      exit 3
    fi
  fi
  echo "== Conv benchmark against tfjs-webgpu and ORT-web (conv-bench.ts) =="
  BENCH_OUT="$out/conv.md" npx --no-install tsx --conditions=@convstudio/source conv-bench.ts && conv_line='see conv.md' || { status=1; conv_line='FAILED (see the console)'; }
fi

{
  echo "# @convstudio/gpu on a real adapter"
  echo
  echo "Run of $(date -u +%Y-%m-%dT%H:%M:%SZ), \`packages/gpu/bench/real-gpu.sh $*\`, commit $(git -C "$here" rev-parse --short HEAD)."
  echo
  echo "- Adapter: **$adapter**"
  [ "$mode" = software ] && echo "- **SOFTWARE ADAPTER ($missing)**: these numbers prove correctness, not GPU speed."
  echo "- VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-(empty: the Vulkan loader searches its default places)}"
  echo "- Tests: $tests_line"
  echo "- Peak FP32 GFLOP/s (REAL_GPU_PEAK_GFLOPS, to read the tables against): ${REAL_GPU_PEAK_GFLOPS:-not given}"
  echo "- Conv benchmark: $conv_line"
  echo
  echo "## Whole model (step.md)"
  echo
  sed -n '/^| case/,/^$/p' "$out/step.md" 2>/dev/null
  if [ -f "$out/conv.md" ] && [ "$skip_conv" -eq 0 ]; then
    echo "## Conv2d against tfjs-webgpu and ORT-web (conv.md)"
    echo
    sed -n '/^### Summary/,/^### All/p' "$out/conv.md" | sed '$d'
  fi
} > "$out/report.md"
echo "Report: $out/report.md"
cat "$out/report.md"
[ "$mode" = software ] && echo "NOTE: ran on a software adapter ($missing); no GPU was measured." >&2
exit $status
