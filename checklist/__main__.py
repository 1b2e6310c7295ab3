from checklist.cli.entry import main

main()
