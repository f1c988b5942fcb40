"""Prints a Stryker JSON report's score per mutated file: killed / (killed + survived), timeouts counted as killed and
mutants no test covers counted as survived (compile errors and mutants Stryker ignores are not mutants of the program).
Usage: mutation_score.py GROUP OUTPUT_DIR (the folder given to Stryker's --output)."""
import glob, json, sys
group, out = sys.argv[1], sys.argv[2]
report = sorted(glob.glob(f"{out}/**/mutation-report.json", recursive=True))[-1]
data = json.load(open(report))
for path, f in data["files"].items():
    status = [m["status"] for m in f["mutants"]]
    killed = sum(s in ("Killed", "Timeout") for s in status)
    survived = sum(s in ("Survived", "NoCoverage") for s in status)
    if killed + survived == 0: continue
    other = len(status) - killed - survived
    score = 100.0 * killed / (killed + survived) if killed + survived else float("nan")
    name = path.split("ReluVerified.Core/")[-1]
    print(f"{group}: {name}: {score:.1f}% ({killed} killed, {survived} survived, {other} ignored or compile errors)")
    for m in f["mutants"]:
        if m["status"] in ("Survived", "NoCoverage"):
            loc = m["location"]["start"]
            print(f"  {m['status'].lower()} line {loc['line']}: {m['mutatorName']}: {m.get('replacement', '')[:100]}")
