from clew.cli import main

if __name__ == "__main__":  # not when a spawned process re-imports it (the index builder)
    main()
