"""warp-report: long, cited research reports with a small model (AgentCPM-Report's WARP policy)."""

from warp_report.context import Context
from warp_report.graphs.warp import build_graph
from warp_report.state.state import WarpInput, WarpOutput

__all__ = ["Context", "WarpInput", "WarpOutput", "build_graph"]
__version__ = "0.1.0"
