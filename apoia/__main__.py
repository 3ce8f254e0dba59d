from apoia.cli import main

main()
