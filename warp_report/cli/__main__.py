"""python -m warp_report.cli"""

from warp_report.cli.app import main

main()
