-- wrk script: TraCuuThongTinCongDan against `dancu population serve --no-auth`, rotating CCCDs.
local cccds = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/cccds.txt") do cccds[#cccds + 1] = line end
local n = 0
request = function()
  n = n + 1
  local body = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="http://dancuquocgia.bca"><soapenv:Header/><soapenv:Body><dan:TraCuuThongTinCongDan>'
    .. '<dan:MaYeuCau>' .. n .. '</dan:MaYeuCau><dan:MaDVC>XMCD-04</dan:MaDVC><dan:SoDinhDanh>' .. cccds[(n % #cccds) + 1]
    .. '</dan:SoDinhDanh></dan:TraCuuThongTinCongDan></soapenv:Body></soapenv:Envelope>'
  return wrk.format("POST", "/", {["Content-Type"] = "text/xml; charset=utf-8"}, body)
end
