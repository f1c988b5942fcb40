# Sourced by docs/scripts/guide_figures.sh and docs/scripts/guide_task_figures.sh: OpenBLAS single-threaded unless set (as
# CI runs), the repository root, the guide, --check (compare, write nothing), the Release build of the CLI unless
# RELU_NO_BUILD is set, a `relu` function, and a temporary working folder (removed on exit) as the current directory.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
guide="$root/docs/guide.md"
check=0
[[ "${1:-}" == "--check" ]] && check=1

if [[ -z "${RELU_NO_BUILD:-}" ]]; then
  dotnet build -c Release "$root/Facade/ReluVerified.Cli" -v quiet -nologo >&2
fi
relu_dll="$root/Facade/ReluVerified.Cli/bin/Release/net10.0/relu.dll"
relu() { dotnet "$relu_dll" "$@"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
