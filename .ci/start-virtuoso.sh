#!/bin/sh
# Install (if missing) and start Virtuoso Open Source on loopback for omsgraph's remote-store tests.
# usage: .ci/start-virtuoso.sh DIR SQL_PORT HTTP_PORT [MAX_ROWS]   (prints the virtuoso-t PID once /sparql answers)
# MAX_ROWS: the most rows (or triples) one SPARQL answer holds; Virtuoso cuts longer answers short.
set -eu
dir=${1:?directory}; sql=${2:?sql port}; http=${3:?http port}; max_rows=${4:-1000000}
if ! command -v virtuoso-t >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null
fi
mkdir -p "$dir"
cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., $dir
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = $dir
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = $max_rows
MaxQueryExecutionTime = 120
INI
cd "$dir"
virtuoso-t +configfile "$dir/virtuoso.ini" +foreground >"$dir/stdout.log" 2>&1 &
pid=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; do
    i=$((i+1))
    if [ $i -gt 120 ] || ! kill -0 $pid 2>/dev/null; then
        echo "virtuoso did not start; see $dir/virtuoso.log" >&2; kill $pid 2>/dev/null || true; exit 1
    fi
    sleep 0.5
done
echo $pid
