from qcoder.cli.main import main

raise SystemExit(main())
