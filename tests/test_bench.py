"""A tiny run of benchmarks/bench.py: the script works and its table matches its results file."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench  # noqa: E402

pytestmark = pytest.mark.slow


def test_smoke_run_writes_results_and_table(tmp_path, mnist, monkeypatch, capsys):
    monkeypatch.setattr(bench, "load_mnist", lambda: mnist)
    monkeypatch.setattr("helpers.training.load_mnist", lambda: mnist)
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path / "cache"))
    results = bench.main(["--smoke", "--out", str(tmp_path)])
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["settings"]["smoke"] is True
    tp = saved["throughput"]
    assert tp["pipeline"]["images_per_s"] > 0 and tp["numpy"]["gflops"] > 0
    assert abs(tp["ratio_pipeline_over_numpy"] - tp["pipeline"]["images_per_s"] / tp["numpy"]["images_per_s"]) < 1e-9
    for run in saved["time_to_accuracy"].values():
        assert run["curve"] and 0 <= run["final_accuracy"] <= 1
    seeds = saved["seeds"]
    assert [run["seed"] for run in seeds["runs"]] == [1, 2]
    low, high = (seeds["summary"]["test_accuracy"][k] for k in ("min", "max"))
    assert low <= seeds["summary"]["test_accuracy"]["mean"] <= high
    table = (tmp_path / "results.md").read_text()
    assert f"{tp['pipeline']['images_per_s']:.0f}" in table and "ratio pipeline / NumPy" in table
    assert "| mean (min-max) |" in table
    assert table.strip() in capsys.readouterr().out
    assert results["peak_rss_mb"] > 100
    assert bench.training_flops_per_image(bench.build_cnn()) == 6 * 13_883_904
    # one part again: the others are kept
    again = bench.main(["--smoke", "--parts", "seeds", "--out", str(tmp_path)])
    assert again["throughput"] == tp and all(run["from_cache"] for run in again["seeds"]["runs"])
    with pytest.raises(SystemExit):
        bench.main(["--smoke", "--parts", "nonsense", "--out", str(tmp_path)])
