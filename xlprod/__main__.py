from xlprod.cli import main

main()
