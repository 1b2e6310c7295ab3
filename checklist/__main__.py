from checklist.cli.app import main

main()
