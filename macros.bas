Attribute VB_Name = "ZipingRibbon"
Option Explicit


' ziping (ji xiao zi ping zhu shou): ribbon callbacks and helpers.
' This module is ASCII only. Chinese labels live in the ribbon XML; the few messages
' shown from VBA are built with ChrW from their UTF-16 code points (ZipingText).
'
' One generic callback serves every button: the button id is the name of the Python
' action (addin.actions.ACTIONS), so a new button needs a ribbon entry and a Python
' function, nothing here. The mode comes from the ziping.conf sheet (read by xlwings'
' GetConfig, whose PROJECT_NAME is set to ziping when the add-in is built):
'   MODE = local   -> RunPython, with the Python installed on this computer
'   MODE = server  -> RunServerPython to SERVER_URL/<action>, with the AUTH token

Private Const XL_NONE As Long = -4142

Public Sub ZipingOnAction(control As Object)
    ZipingRun control.ID
End Sub

Public Sub ZipingRun(ByVal actionName As String)
    Dim mode As String
    mode = LCase$(Trim$(GetConfig("MODE", "local")))
    If mode = "server" Then
        Dim url As String
        url = Trim$(GetConfig("SERVER_URL", ""))
        If url = "" Then
            MsgBox ZipingText("8BF7,5728") & " ziping.conf " & ZipingText("5DE5,4F5C,8868,4E2D,586B,5199") & " SERVER_URL" & ZipingText("FF08,670D,52A1,5668,5730,5740,FF09,FF0C,6216,628A") & " MODE " & ZipingText("6539,4E3A") & " local" & ZipingText("3002"), vbExclamation, ZipingTitle()
            Exit Sub
        End If
        RunServerPython ZipingServerUrl(url, actionName)
    Else
        RunPython ZipingCommand(actionName)
    End If
End Sub

' The Python command run by RunPython: a fixed module, never the workbook's file name.
Public Function ZipingCommand(ByVal actionName As String) As String
    ZipingCommand = "import addin; addin.dispatch('" & ZipingSafeName(actionName) & "')"
End Function

' The server endpoint for an action: <SERVER_URL>/<action>, without a doubled slash.
Public Function ZipingServerUrl(ByVal baseUrl As String, ByVal actionName As String) As String
    Dim root As String
    root = Trim$(baseUrl)
    Do While Len(root) > 0 And Right$(root, 1) = "/"
        root = Left$(root, Len(root) - 1)
    Loop
    ZipingServerUrl = root & "/" & ZipingSafeName(actionName)
End Function

' Button ids are lower-case letters and underscores; anything else is dropped.
Public Function ZipingSafeName(ByVal actionName As String) As String
    Dim i As Long, ch As String, result As String
    For i = 1 To Len(actionName)
        ch = Mid$(actionName, i, 1)
        If (ch >= "a" And ch <= "z") Or ch = "_" Then result = result & ch
    Next i
    ZipingSafeName = result
End Function

' Text from comma-separated UTF-16 code points in hex, e.g. "7EE9,6548".
Public Function ZipingText(ByVal codes As String) As String
    Dim parts() As String, i As Long, result As String
    parts = Split(codes, ",")
    For i = LBound(parts) To UBound(parts)
        If Len(Trim$(parts(i))) > 0 Then result = result & ChrW(CLng("&H" & Trim$(parts(i))))
    Next i
    ZipingText = result
End Function

Public Function ZipingTitle() As String
    ZipingTitle = ZipingText("7EE9,6548,81EA,8BC4")
End Function

' Server action (via runMacro): remove the fill of cells ziping had marked.
' xlwings' setRangeColor cannot express "no fill", so the server calls this instead.
Public Sub ZipingClearFill(wb As Object, ByVal sheetName As String, ByVal addresses As String)
    wb.Worksheets(sheetName).Range(addresses).Interior.ColorIndex = XL_NONE
End Sub
