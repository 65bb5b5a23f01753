from dtrcli.cli import main

main()
