#!/usr/bin/env bash
# Regenerates docs/images/jconsole-*.png with a real JConsole: a demo pool ("github", 2..4 sessions,
# 3 callers) runs in its own JVM against an in-process testkit MCP server; JConsole attaches to it
# under Xvfb and is driven with xdotool. The click positions fit a 1400x900 screen and JDK 17's
# JConsole with the Metal look and feel; check the PNGs after a JDK upgrade.
#
# Needs xvfb, xdotool and imagemagick (apt-get install -y xvfb xdotool imagemagick).
# Run from the repository root:  mcpool-jmx/scripts/jconsole-screenshots.sh
set -euo pipefail

DISPLAY_NUMBER="${DISPLAY_NUMBER:-:97}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
OUT="docs/images"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

mvn -B -q -pl mcpool-jmx -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
CP="mcpool-jmx/target/test-classes:mcpool-jmx/target/classes:$(cat mcpool-jmx/target/cp.txt)"

mkfifo "$WORK/stdin"
"$JAVA_HOME/bin/java" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    io.mcpool.jmx.LoadedPoolApp github 2 4 3 150 < "$WORK/stdin" > "$WORK/app.out" 2>&1 &
APP=$!
PIDS+=("$APP")
exec 3> "$WORK/stdin"   # keeps the app's stdin open until this script ends
until grep -q READY "$WORK/app.out"; do sleep 0.5; kill -0 "$APP"; done

Xvfb "$DISPLAY_NUMBER" -screen 0 1400x900x24 -nolisten tcp > "$WORK/xvfb.log" 2>&1 &
PIDS+=($!)
export DISPLAY="$DISPLAY_NUMBER"
sleep 2
"$JAVA_HOME/bin/jconsole" -J-Dswing.defaultlaf=javax.swing.plaf.metal.MetalLookAndFeel "$APP" > "$WORK/jconsole.log" 2>&1 &
PIDS+=($!)
sleep 12

shot() { import -window root "$WORK/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-2}"; }

click 612 277 6                                   # "Secure connection failed": Insecure connection (local attach)
WINDOW=$(xdotool search --name "Java Monitoring & Management Console" | head -1)
xdotool windowmove "$WINDOW" 0 0 windowsize "$WINDOW" 1400 900
sleep 3
click 471 58 3                                    # MBeans tab
xdotool mousemove 171 450 mousedown 1 sleep 0.3 mousemove 250 450 sleep 0.3 mousemove 330 450 sleep 0.3 mouseup 1
sleep 1
click 16 117                                      # expand io.mcpool
click 35 135                                      # expand McpPool
click 56 152                                      # expand github
click 117 167 3                                   # Attributes: the attribute table
shot attributes
cp "$WORK/attributes.png" "$OUT/jconsole-pool.png"
click 118 182                                     # Operations
shot operations
cp "$WORK/operations.png" "$OUT/jconsole-operations.png"
# The operation's result and the refusal come in dialogs: find them, crop to them, press Return for OK.
dialog() {  # prints X Y WIDTH HEIGHT of the newest visible window that is not the main one
  local id
  id=$(xdotool search --onlyvisible --name "$1" | grep -v "^$WINDOW$" | tail -1 || true)
  if [ -z "$id" ]; then
    echo "No window named '$1'; visible windows:" >&2
    for w in $(xdotool search --onlyvisible --name ""); do echo "  $w $(xdotool getwindowname "$w")" >&2; done
    return 1
  fi
  xdotool getwindowgeometry --shell "$id" | awk -F= '/^(X|Y|WIDTH|HEIGHT)=/ {printf "%s ", $2} END {print ""}'
}
crop_dialog() {  # $1 = window name pattern, $2 = shot, $3 = output
  read -r X Y W H < <(dialog "$1")
  convert "$WORK/$2.png" -crop "${W}x${H}+${X}+${Y}" +repage "$3"
}
click 549 108 3                                   # debugSnapshot
shot snapshot
crop_dialog "Operation return value" snapshot "$OUT/jconsole-debug-snapshot.png"
xdotool key Return
sleep 1
click 117 167 2                                   # Attributes again
xdotool mousemove 900 580 click --repeat 2 --delay 150 1   # edit MaxSessions
sleep 1
xdotool key ctrl+a type "0"
xdotool key Return
sleep 3
shot refused
crop_dialog "Problem setting attribute" refused "$OUT/jconsole-refused.png"
xdotool key Return
sleep 1
click 76 167                                      # expand the Attributes node
click 146 572                                     # MaxSessions: its MBeanAttributeInfo
shot attribute-info
convert "$WORK/attribute-info.png" -crop 1070x640+330+70 +repage "$OUT/jconsole-attribute-info.png"
echo "Screenshots written to $OUT"
